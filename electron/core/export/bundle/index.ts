// Model bundles for handoff: a zip with the tfjs model, ONNX, preprocessing, model card, README
// and a manifest of checksums; and the import that checks all of it before touching the store.
export { exportBundle, type BundleDeps } from './export-bundle';
export { bundleForDownload } from './download';
export { importBundle } from './import-bundle';
export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest } from './manifest';
