// A minimal client for `wikilint server`: starts it over stdio for Markdown and wikitext files.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function settings() {
  const config = vscode.workspace.getConfiguration("wikilint");
  return {
    unsafeFixes: config.get("unsafeFixes", false),
    ruleDocsUrl: config.get("ruleDocsUrl", ""),
  };
}

function activate(context) {
  const command = vscode.workspace.getConfiguration("wikilint").get("path", "wikilint");
  const serverOptions = { command, args: ["server"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "wikitext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "wikitext" },
    ],
    initializationOptions: settings(),
    synchronize: {
      // The server re-lints open documents when their project's configuration changes.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{pyproject.toml,wikilint.toml,.wikilint.toml}"),
    },
  };
  client = new LanguageClient("wikilint", "wikilint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("wikilint") && client) {
        client.sendNotification("workspace/didChangeConfiguration", { settings: { wikilint: settings() } });
      }
    })
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
