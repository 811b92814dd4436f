/** ecs-pullfix's version: `--version`, and the user agent of every AWS call (package.json's, tested). */
export const VERSION = '0.1.0';
