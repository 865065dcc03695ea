#!/usr/bin/env node
/** s3vault: the command line on the vault engine. Commands arrive with the backend and engine issues. */
import packageJson from '../../package.json';

const [command] = process.argv.slice(2);
if (command === '--version' || command === 'version') {
  console.log(packageJson.version);
} else {
  console.error(`s3vault: ${command ? `unknown command "${command}"` : 'no command given'}. Try: s3vault --version`);
  process.exit(2);
}
