// esbuild plugins for the Lambda bundle: serverless-esbuild loads this file (`custom.esbuild.plugins`
// in serverless.yml), and so do the bench and the artefact test, so the three build alike.
const { readFile } = require('node:fs/promises');

/** Error classes the project tests with `instanceof`: they stay registered. */
const INSTANCEOF_ERRORS = new Set(['ConditionalCheckFailedException']);

/**
 * Whether the SDK must still know the modeled error `name` (registered in its schema module)
 * for the project to see the same error. The same module registers every error the service
 * declares (SSM: 140), which keeps each one's class and schema in the bundle (147 KB in all).
 * An error the SDK does not know still reaches us as the client's base exception with the
 * `name` the service sent, its `message`, `$metadata`, `Code` (query protocols) and the
 * service's other fields (@aws-sdk/core ProtocolLib.getErrorSchemaOrThrowBaseException); what
 * differs is the class, the `name` when a query-protocol error's code is not its shape name
 * (IAM's `NoSuchEntity` is `NoSuchEntityException`), and `$fault`, then taken from the status
 * (≥ 500: server). So an error stays registered when the project tests its class, when its
 * wire code differs from its name, or when it is modeled as a server fault; and whenever its
 * declaration is not in the expected shape. A client fault answered with a 5xx status then
 * says `$fault: 'server'`, which src/aws/errors.ts reads as the status says: transient either
 * way. test/deploy/bundle-sdk-errors.test.ts holds the bundled errors to the installed ones.
 */
function errorKept(text, strings, name) {
  if (INSTANCEOF_ERRORS.has(name)) return true;
  const schema = text.match(
    new RegExp(`^export var ${name}\\$ = \\[-3, \\w+, \\w+,\\n\\s*\\{([^\\n]*)\\},\\n`, 'm'),
  );
  if (!schema) return true;
  const traits = schema[1];
  const pairs = [...traits.matchAll(/\[(_\w+)\]: (_\w+)/g)].map(
    ([, k, v]) => `${strings.get(k)}:${strings.get(v)}`,
  );
  if (!pairs.includes('"error":"client"')) return true;
  const queryCode = traits.match(/\[(_\w+)\]: \[`([^`]*)`/);
  return !!queryCode && strings.get(queryCode[1]) === '"awsQueryError"' && queryCode[2] !== name;
}

/**
 * The AWS SDK's schema modules (`dist-es/schemas/schemas_0.js`, one per client) describe
 * every operation of the service as plain arrays, but many hold objects with computed keys
 * (`{ [_xN]: "Tag" }`, where `const _xN = "xmlName"`). A computed key may run code, so esbuild
 * keeps every such declaration, and the EC2 client drags the schemas of its ~600 operations
 * into the bundle (540 KB of 1.1 MB). This plugin writes those keys as the string literals
 * they are — only keys whose constant is a string literal defined in the same file — so that
 * esbuild drops the schemas no command uses. It also leaves out the registration of the
 * errors the project needs no class for (`errorKept`), so that esbuild drops their classes and
 * schemas. Nothing else in the file changes.
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
        const contents = text
          .replace(/^n\d+_registry\.registerError\((\w+)\$, \1\);$/gm, (whole, name) =>
            errorKept(text, strings, name) ? whole : '',
          )
          .replace(/\[(_\w+)\]:/g, (whole, name) => (strings.has(name) ? `${strings.get(name)}:` : whole));
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
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ },
      async (args) => {
        const { version } = JSON.parse(await readFile(args.path, 'utf8'));
        return { contents: JSON.stringify({ version }), loader: 'json' };
      },
    );
  },
};

/**
 * `@aws-sdk/core`'s client index re-exports the browser's User-Agent provider, which imports
 * `bowser` (33 KB, a browser detector) on its first call; esbuild cannot know that call never
 * comes in Node.js (the node runtime config uses the node provider), so it emits bowser as a
 * chunk. This plugin gives that import a parser that detects nothing — what the provider
 * itself falls back to (`module.parse ?? … ?? (() => "")`), and it parses only where
 * `window.navigator` exists.
 */
const noBrowserDetector = {
  name: 'no-browser-detector',
  setup(build) {
    build.onResolve({ filter: /^bowser$/ }, () => ({ path: 'bowser', namespace: 'no-browser-detector' }));
    build.onLoad({ filter: /.*/, namespace: 'no-browser-detector' }, () => ({
      contents: 'export const parse = () => undefined;',
      loader: 'js',
    }));
  },
};

module.exports = [sdkSchemaKeys, sdkPackageVersion, noBrowserDetector];
