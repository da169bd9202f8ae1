// The hash indexes live with the message store in the model; re-exported for the ingest.
export { HashIndex, hashNumber, hashText } from '../model/hash-index.js';
