// Preloaded (node --import) by the start-up tests: appends the URL of every module node loads to the file named by HUIFANG_MODULES_LOG.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import fs from 'node:fs';
    export async function load(url, context, next) {
      fs.appendFileSync(${JSON.stringify(process.env.HUIFANG_MODULES_LOG)}, url + '\\n');
      return next(url, context);
    }`)}`,
);
