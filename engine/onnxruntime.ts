// onnxruntime-node as the engine uses it: imported from here, never directly, so that its telemetry is
// off. onnxruntime 1.30 on Linux queues usage events (each session made, with a device id and the
// operating system) under ~/.cache/Microsoft/DeveloperTools/.onnxruntime and looks up Microsoft's
// collector to upload them; Riskledger runs offline and reports to no one. onnxruntime reads the
// variable when it starts its environment, at the first session made, which is after this runs.
export * as ort from "onnxruntime-node";

process.env.ORT_DISABLE_TELEMETRY = "1";
