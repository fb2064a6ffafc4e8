import { createApp } from "./app.js";

/** The Probot app, for `probot run ./lib/index.js`; `npm start` serves it through src/server.ts. */
export default createApp();
