// Type-checks the files each given tsconfig includes with its options (noUncheckedIndexedAccess),
// reporting only those files: the option applies to the whole program, and the older folders they
// import are not yet clean under it, so plain `tsc -p` would fail on files outside the list.
const ts = require('typescript');

const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => ts.sys.newLine };

let failed = false;
for (const configPath of process.argv.slice(2)) {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      console.error(ts.formatDiagnostic(d, formatHost));
      process.exit(1);
    },
  });
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const diagnostics = [...config.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const name of config.fileNames) {
    const file = program.getSourceFile(name);
    if (file) diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  }
  if (diagnostics.length) {
    console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
    console.error(`${configPath}: ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'} under noUncheckedIndexedAccess`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
