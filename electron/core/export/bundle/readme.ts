import type { PreprocessingSpec, TabularSpec } from '../../../../shared/ml';
import type { BundleManifest } from './manifest';

// README.md of a bundle: how to build the model's input from raw data, in Python (model.onnx)
// and JavaScript (the tfjs files), following the saved preprocessing exactly.

function exampleRow(spec: TabularSpec): string {
  const cells = spec.features.map((f) => `"${f.name}": ${f.kind === 'numeric' ? Number(f.mean.toFixed(3)) : JSON.stringify(f.categories[0] ?? 'a')}`);
  return `{${cells.join(', ')}}`;
}

function pythonTabular(spec: TabularSpec): string {
  return `import json
import numpy as np
import onnxruntime as ort

spec = json.load(open("preprocessing.json"))
classes = json.load(open("manifest.json"))["classes"]

def features(row):
    """One raw row (column name -> value) as model.onnx takes it."""
    out = []
    for f in spec["features"]:
        v = row.get(f["name"])
        missing = v is None or (isinstance(v, str) and v.strip() == "")
        if f["kind"] == "numeric":
            # Raw value: (x - mean) / std happens inside model.onnx. Missing -> the training mean.
            out.append(f["mean"] if missing else float(v))
        else:
            # One-hot over the training categories; unseen or missing -> all zeros.
            one_hot = [0.0] * len(f["categories"])
            key = None if missing else str(v).strip()
            if key in f["categories"]:
                one_hot[f["categories"].index(key)] = 1.0
            out.extend(one_hot)
    return out

session = ort.InferenceSession("model.onnx")
rows = [${exampleRow(spec)}]
x = np.array([features(r) for r in rows], dtype=np.float32)   # [batch, ${spec.width}]
probs = session.run(["output"], {"input": x})[0]              # [batch, ${'{'}len(classes){'}'}]
print([classes[i] for i in probs.argmax(axis=1)], probs)
`;
}

function pythonImage(spec: Extract<PreprocessingSpec, { kind: 'image' }>): string {
  return `import json
import numpy as np
import onnxruntime as ort
from PIL import Image

classes = json.load(open("manifest.json"))["classes"]

def pixels(path):
    """Raw 0-255 pixels, NHWC; the x ${spec.scale} scaling happens inside model.onnx."""
    img = Image.open(path).convert("${spec.channels === 1 ? 'L' : 'RGB'}").resize((${spec.width}, ${spec.height}), Image.BILINEAR)
    return np.asarray(img, dtype=np.float32).reshape(${spec.height}, ${spec.width}, ${spec.channels})

session = ort.InferenceSession("model.onnx")
x = np.stack([pixels("example.png")])                         # [batch, ${spec.height}, ${spec.width}, ${spec.channels}]
probs = session.run(["output"], {"input": x})[0]
print([classes[i] for i in probs.argmax(axis=1)], probs)
`;
}

function javascript(spec: PreprocessingSpec): string {
  const load = `const fs = require('node:fs');
const tf = require('@tensorflow/tfjs');

// In a browser: const model = await tf.loadLayersModel('model/model.json');
async function loadModel() {
  const json = JSON.parse(fs.readFileSync('model/model.json', 'utf8'));
  const w = fs.readFileSync('model/weights.bin');
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength),
  }));
}

const spec = JSON.parse(fs.readFileSync('preprocessing.json', 'utf8'));
const classes = JSON.parse(fs.readFileSync('manifest.json', 'utf8')).classes;
`;
  if (spec.kind === 'image') {
    return `${load}
// The tfjs model takes scaled pixels: value * spec.scale, NHWC [batch, ${spec.height}, ${spec.width}, ${spec.channels}].
// Decode and resize with any image library (Cairn uses sharp: resize(${spec.width}, ${spec.height}, { fit: 'fill' })${spec.channels === 1 ? '.grayscale()' : ''}.raw()).
async function predict(rawPixels /* Uint8Array of ${spec.height * spec.width * spec.channels} values */) {
  const model = await loadModel();
  const x = tf.tensor(Float32Array.from(rawPixels, (v) => v * spec.scale), [1, ${spec.height}, ${spec.width}, ${spec.channels}]);
  const probs = model.predict(x).arraySync()[0];
  return { label: classes[probs.indexOf(Math.max(...probs))], probs };
}
`;
  }
  return `${load}
// The tfjs model takes the transformed row: numeric (x - mean) / std (missing -> 0), categorical one-hot.
function features(row) {
  const out = [];
  for (const f of spec.features) {
    const v = row[f.name];
    const missing = v === null || v === undefined || String(v).trim() === '';
    if (f.kind === 'numeric') out.push(missing ? 0 : (Number(v) - f.mean) / f.std);
    else out.push(...f.categories.map((c) => (!missing && String(v).trim() === c ? 1 : 0)));
  }
  return out;
}

loadModel().then((model) => {
  const rows = [${exampleRow(spec)}];
  const probs = model.predict(tf.tensor2d(rows.map(features), [rows.length, ${spec.width}])).arraySync();
  console.log(probs.map((p) => classes[p.indexOf(Math.max(...p))]), probs);
});
`;
}

export function bundleReadme(label: string, spec: PreprocessingSpec, manifest: Pick<BundleManifest, 'classes' | 'onnx'>): string {
  const onnx = manifest.onnx;
  const python = spec.kind === 'tabular' ? pythonTabular(spec) : pythonImage(spec);
  return [
    `# ${label}`,
    '',
    'Exported by Cairn. Files:',
    '',
    '- `model/model.json`, `model/weights.bin`: the TensorFlow.js layers model (takes preprocessed input)',
    onnx.included
      ? '- `model.onnx`: the same model for ONNX Runtime, with the numeric scaling folded in (takes raw values)'
      : `- no \`model.onnx\`: ${onnx.reason}`,
    '- `preprocessing.json`: how raw data becomes the model input, as fitted on the training split',
    '- `model-card.md`, `model-card.html`: what the model is, how it was trained, its metrics and limits',
    "- `manifest.json`: the sha256 and size of every file, the classes and the model's source",
    '',
    `Outputs are probabilities over the classes in this order: ${manifest.classes.map((c) => `\`${c}\``).join(', ')}.`,
    '',
    '## Python (onnxruntime + numpy)',
    '',
    onnx.included
      ? `Input \`${onnx.input}\`: ${onnx.input_description}.`
      : 'This bundle has no model.onnx; convert the tfjs model (e.g. with tensorflowjs_converter) and apply the full preprocessing as in the JavaScript example.',
    '',
    '```python',
    python.trimEnd(),
    '```',
    '',
    spec.kind === 'image' ? "PIL's resize differs slightly from Cairn's (libvips); images already at the model size give identical input.\n" : '',
    '## JavaScript (TensorFlow.js)',
    '',
    '```js',
    javascript(spec).trimEnd(),
    '```',
    '',
  ].join('\n');
}
