// Entry of the bundled server: `node extension/dist/server.js --stdio`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './connection';

startServer(createConnection(ProposedFeatures.all));
