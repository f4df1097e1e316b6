import { readEnvironment, type ServerSettings } from './config';
import { openDatabase } from './db';
import { createNotifier, previousLondonDay } from './notify';
import { scheduleRepeating } from './schedule';
import { createEndpointServer } from './server';
import { addDays, isoWeekday, londonDay, nextLondonHour } from './time';

let settings: ServerSettings;
try {
  settings = readEnvironment(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const db = await openDatabase(settings.database);
const notifier = createNotifier(settings.notify);
const endpoint = await createEndpointServer(db, settings.endpoint, notifier);
if (endpoint.generatedPassword) {
  console.log(
    `First run: log in to the workspace as "${settings.endpoint.dslUser}" with password ${endpoint.generatedPassword} (set DSL_PASSWORD to choose one).`,
  );
}
// The digest covers the previous London day; the weekly summary, on Mondays, the previous Monday to Sunday.
const stopDigest = scheduleRepeating(
  (after) => nextLondonHour(after, settings.digestHour),
  () => notifier.sendDigest(db, previousLondonDay(new Date())),
);
const stopWeekly = scheduleRepeating(
  (after) => nextLondonHour(after, settings.digestHour, (day) => isoWeekday(day) === 1),
  () => notifier.sendWeekly(db, addDays(londonDay(new Date()), -7)),
);
await endpoint.app.listen({ host: settings.host, port: settings.port });
console.log(
  `School Safeguard endpoint on ${settings.host}:${settings.port} (${db.kind}). Devices: POST /events and /events/register. Workspace: /. API: /api/openapi.json`,
);
const stop = async () => {
  stopDigest();
  stopWeekly();
  await endpoint.close();
  await notifier.settled();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
