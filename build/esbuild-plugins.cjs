// esbuild plugins for the Lambda bundle: serverless-esbuild loads this file (`custom.esbuild.plugins`
// in serverless.yml), and so do the bench and the artefact test, so the three build alike.
const { readFile } = require('node:fs/promises');

/**
 * The AWS SDK's schema modules (`dist-es/schemas/schemas_0.js`, one per client) describe
 * every operation of the service as plain arrays, but many hold objects with computed keys
 * (`{ [_xN]: "Tag" }`, where `const _xN = "xmlName"`). A computed key may run code, so esbuild
 * keeps every such declaration, and the EC2 client drags the schemas of its ~600 operations
 * into the bundle (540 KB of 1.1 MB). This plugin writes those keys as the string literals
 * they are — only keys whose constant is a string literal defined in the same file — so that
 * esbuild drops the schemas no command uses. Nothing else in the file changes.
 */
const sdkSchemaKeys = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async (args) => {
        const text = await readFile(args.path, 'utf8');
        const strings = new Map();
        for (const m of text.matchAll(/^const (_\w+) = ("(?:[^"\\]|\\.)*");$/gm)) strings.set(m[1], m[2]);
        const contents = text.replace(/\[(_\w+)\]:/g, (whole, name) =>
          strings.has(name) ? `${strings.get(name)}:` : whole,
        );
        return { contents, loader: 'js' };
      },
    );
  },
};

/**
 * Each SDK client imports its whole `package.json` (2–3 KB: scripts, dependencies, keywords)
 * for one field, `version`, which goes into the User-Agent header. This plugin gives the
 * bundle that field alone for the `@aws-sdk/*` packages; nothing else reads them.
 */
const sdkPackageVersion = {
  name: 'sdk-package-version',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { version } = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

module.exports = [sdkSchemaKeys, sdkPackageVersion];
