// Entry of the bundled server: `node extension/dist/server.js --stdio` (or --node-ipc, as VS Code runs it).
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './connection';

startServer(createConnection());
