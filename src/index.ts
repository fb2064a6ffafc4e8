import { createApp } from "./app.js";

/** The Probot entry point that `probot run` (npm start) loads. */
export default createApp();
