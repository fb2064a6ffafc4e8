export type { Fault } from "./faults.js";
export { SCHEMA } from "./graphql.js";
export {
  addComment,
  closeMilestone,
  deploy,
  editComment,
  mergePull,
  openPull,
  pushToPull,
  requestDeployment,
  sha,
} from "./seed.js";
export { API_PREFIX, GitHubSimulator, isWrite, type RecordedCall } from "./server.js";
export type * from "./store.js";
export { type Delivery, deliver, PayloadFactory, type WebhookTarget } from "./webhooks.js";
