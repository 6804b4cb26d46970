#!/usr/bin/python3
"""Golden values for test/reference/*.test.ts, computed from the published definitions.

Run from the repository root:  /usr/bin/python3 test/reference/generate.py
Needs Debian's python3-numpy python3-scipy python3-sklearn python3-pandas python3-statsmodels
(the versions written into each file's "generator" entry).

- drift: Evidently is not installable here, so each of its default stattests is computed in numpy/scipy
  step by step as evidently 0.7.21 does it (evidently/legacy/calculations/stattests/*.py, get_binned_data,
  registry._get_default_stattest, data_drift.get_one_column_drift and get_dataset_drift).
- evaluation: scikit-learn's metrics; ECE as sum over calibration_curve bins of (count / n) |true - pred|.
- fairness: Fairlearn is not installable here, so MetricFrame's group rates and its difference/ratio
  aggregations (between_groups, to_overall) are computed by their definitions in fairlearn.metrics.
- agreement: sklearn cohen_kappa_score, statsmodels fleiss_kappa, Krippendorff's alpha by the coincidence
  matrix formula of Krippendorff (2011) as the `krippendorff` package computes it.

The deterministic predictions (adult_score, the raters) are defined again in test/reference/cases.ts.
"""

import json
import math
import os
import sys

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
from scipy import stats
from scipy.spatial import distance
from sklearn import metrics
from sklearn.calibration import calibration_curve
from statsmodels.stats import inter_rater

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'reference', 'golden')
GENERATOR = {
    'python': sys.version.split()[0],
    'numpy': np.__version__,
    'scipy': scipy.__version__,
    'sklearn': sklearn.__version__,
    'pandas': pd.__version__,
    'statsmodels': statsmodels.__version__,
}


def load(name):
    if name == 'adult':
        return pd.read_csv(os.path.join(ROOT, 'test', 'fixtures', 'datasets', 'adult.csv.gz'))
    return pd.read_csv(os.path.join(ROOT, 'resources', 'samples', f'{name}.csv'))


def enc(x):
    """JSON has no NaN/Infinity: such numbers travel as strings."""
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return x if math.isfinite(x) else ('NaN' if math.isnan(x) else ('Infinity' if x > 0 else '-Infinity'))
    return x


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(enc({'generator': GENERATOR, **data}), f, indent=1)
        f.write('\n')


# ---------------------------------------------------------------- drift (Evidently 0.7.21)

def binned(ref, cur, numeric, fill):
    """get_binned_data: sturges histogram over both samples when the reference has > 20 distinct numbers,
    else shares of each value; feel_zeroes replaces zeros by min(nonzero) / 1e6 or 1e-4."""
    if numeric and ref.nunique() > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref.values, cur.values]), bins='sturges')
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        keys = sorted(set(ref.unique()) | set(cur.unique()))
        rc, cc = ref.value_counts(), cur.value_counts()
        r = np.array([rc.get(k, 0) / len(ref) for k in keys])
        c = np.array([cc.get(k, 0) / len(cur) for k in keys])
    if fill:
        for a in (r, c):
            m = a[a != 0].min()
            a[a == 0] = m / 10**6 if m <= 0.0001 else 0.0001
    return r, c


def chisquare_p(ref, cur):
    keys = sorted(set(ref.unique()) | set(cur.unique()))
    rc, cc = ref.value_counts(), cur.value_counts()
    k_norm = len(cur) / len(ref)
    f_exp = [rc.get(k, 0) * k_norm for k in keys]
    f_obs = [cc.get(k, 0) for k in keys]
    with np.errstate(divide='ignore', invalid='ignore'):
        return float(stats.chisquare(f_obs, f_exp)[1])


def z_p(ref, cur):
    if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
        return 1.0
    first = sorted(set(ref.unique()) | set(cur.unique()))[0]
    n1, n2 = len(ref), len(cur)
    p1 = float((ref != first).sum()) / n1
    p2 = float((cur != first).sum()) / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return float(2 * (1 - stats.norm.cdf(np.abs(z))))


def all_statistics(ref, cur, numeric, n_values):
    out = {}
    if numeric:
        ks = stats.ks_2samp(ref, cur)
        out['ks'] = float(ks.pvalue)
        out['ks_statistic'] = float(ks.statistic)
        out['wasserstein'] = float(stats.wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001))
    if not numeric or n_values <= 5:
        out['chisquare'] = chisquare_p(ref, cur)
        out['z'] = z_p(ref, cur)
    r, c = binned(ref, cur, numeric, False)
    out['jensenshannon'] = float(distance.jensenshannon(r, c))  # base None: natural log, as Evidently calls it
    r, c = binned(ref, cur, numeric, True)
    out['psi'] = float(np.sum((r - c) * np.log(r / c)))
    return out


def default_test(ref, cur, numeric):
    n_values = pd.concat([ref, cur]).nunique()
    if len(ref) <= 1000:
        if numeric and n_values > 5:
            return 'ks', n_values
        return ('chisquare' if n_values > 2 else 'z'), n_values
    if numeric and n_values > 5:
        return 'wasserstein', n_values
    return 'jensenshannon', n_values


THRESHOLD = {'ks': 0.05, 'chisquare': 0.05, 'z': 0.05, 'wasserstein': 0.1, 'jensenshannon': 0.1, 'psi': 0.1}


def drifted(test, score):
    if test == 'ks':
        return score <= THRESHOLD[test]
    if test in ('chisquare', 'z'):
        return score < THRESHOLD[test]
    return score >= THRESHOLD[test]


# Row selections, mirrored by test/reference/cases.ts (row numbers are 0-based data rows).
DRIFT_CASES = [
    ('adult-first8000-vs-age45', 'adult', lambda d: d.iloc[:8000], lambda d: d[d['age'] >= 45]),
    ('adult-halves', 'adult', lambda d: d.iloc[:16000], lambda d: d.iloc[16000:]),
    ('adult-first1000-vs-women', 'adult', lambda d: d.iloc[:1000], lambda d: d.iloc[1000:6000][lambda x: x['sex'] == 'Female']),
    # Missing values: 21 blanks leave hours-per-week 999 reference values, under Evidently's 1000-row cut.
    ('adult-blanks', 'adult', lambda d: blank(d.iloc[:1020], 'hours-per-week', 50), lambda d: blank(d.iloc[20000:25000], 'workclass', 3)),
    # Numbers with few values: Jensen-Shannon over value shares (large reference), Z-test on numbers (small).
    ('adult-three-degrees', 'adult', lambda d: d.iloc[:16000][lambda x: x['education-num'].isin([9, 10, 13])],
     lambda d: d.iloc[16000:][lambda x: x['education-num'].isin([9, 10, 13]) & (x['age'] >= 40)]),
    ('adult-two-degrees-small', 'adult', lambda d: d.iloc[:1900][lambda x: x['education-num'].isin([9, 13])],
     lambda d: d.iloc[10000:13000][lambda x: x['education-num'].isin([9, 13])]),
    ('iris-halves', 'iris', lambda d: d.iloc[:75], lambda d: d.iloc[75:]),
    ('wine-even-vs-odd', 'wine', lambda d: d.iloc[::2], lambda d: d.iloc[1::2]),
    ('breast_cancer-halves', 'breast_cancer', lambda d: d.iloc[:300], lambda d: d.iloc[300:]),
]


def blank(d, col, every):
    """The rows with d.index % every == 0 lose their value in `col`."""
    d = d.copy()
    d.loc[d.index % every == 0, col] = np.nan
    return d


def drift_case(name, data, pick_ref, pick_cur):
    d = load(data)
    ref_df, cur_df = pick_ref(d), pick_cur(d)
    columns = []
    for col in d.columns:
        numeric = pd.api.types.is_numeric_dtype(d[col])
        # get_one_column_drift: infinities become NaN, NaN are dropped.
        ref = ref_df[col].replace([np.inf, -np.inf], np.nan).dropna()
        cur = cur_df[col].replace([np.inf, -np.inf], np.nan).dropna()
        test, n_values = default_test(ref, cur, numeric)
        st = all_statistics(ref, cur, numeric, n_values)
        columns.append({
            'name': col,
            'type': 'numeric' if numeric else 'categorical',
            'referenceSize': len(ref),
            'currentSize': len(cur),
            'distinctValues': int(n_values),
            'test': test,
            'score': st[test],
            'threshold': THRESHOLD[test],
            'drifted': bool(drifted(test, st[test])),
            'statistics': st,
            'statisticsDrifted': {t: bool(drifted(t, v)) for t, v in st.items() if t in THRESHOLD},
        })
    n_drifted = sum(c['drifted'] for c in columns)
    share = n_drifted / len(columns)
    return {
        'name': name,
        'dataset': data,
        'referenceRows': len(ref_df),
        'currentRows': len(cur_df),
        'columns': columns,
        'numberOfColumns': len(columns),
        'numberOfDriftedColumns': n_drifted,
        'shareOfDriftedColumns': share,
        'datasetDrift': share >= 0.5,
    }


# ---------------------------------------------------------------- predictions

def adult_score(d):
    """Integer score 5..995 of a hand-made income rule; probability of '>50K' = score / 1000 (exact in both languages)."""
    k = (30 * d['education-num'] + 2 * d['age'] + 3 * d['hours-per-week']
         + np.where(d['marital-status'] == 'Married-civ-spouse', 250, 0) + np.where(d['capital-gain'] > 5000, 300, 0) - 300)
    return k.clip(5, 995).to_numpy()


def centroid_probabilities(d, features, temperature):
    """A nearest-centroid model on a few standardized features, softmax of -distance^2 / temperature, cut to
    whole thousandths of at least 1 with the last class taking the rest (the rounded values are what the golden file carries)."""
    x = d[features].to_numpy(float)
    x = (x - x.mean(0)) / x.std(0)
    labels = sorted(d['label'].unique())
    cents = np.array([x[d['label'].to_numpy() == c].mean(0) for c in labels])
    logits = -((x[:, None, :] - cents[None, :, :]) ** 2).sum(2) / temperature
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    K = len(labels)
    k = np.floor(p * (1000 - K)).astype(int) + 1
    k[:, -1] = 1000 - k[:, :-1].sum(1)
    return labels, k


def evaluation_case(name, y, labels, proba):
    y = np.asarray(y)
    n, K = proba.shape
    pred_idx = proba.argmax(1)
    pred = np.array(labels, dtype=object)[pred_idx]
    P, R, F, S = metrics.precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    avg = {}
    for a in ('macro', 'weighted', 'micro'):
        p, r, f, _ = metrics.precision_recall_fscore_support(y, pred, labels=labels, average=a, zero_division=0)
        avg[a] = {'precision': p, 'recall': r, 'f1': f}
    per_class = []
    for c, lab in enumerate(labels):
        pos = (y == lab).astype(int)
        per_class.append({
            'label': lab,
            'rocAuc': metrics.roc_auc_score(pos, proba[:, c]),
            'averagePrecision': metrics.average_precision_score(pos, proba[:, c]),
            **calibration(pos, proba[:, c]),
        })
    conf = proba[np.arange(n), pred_idx]
    hit = (pred_idx == np.array([labels.index(v) for v in y])).astype(int)
    out = {
        'name': name,
        'labels': labels,
        'n': n,
        'accuracy': metrics.accuracy_score(y, pred),
        'confusion': metrics.confusion_matrix(y, pred, labels=labels).tolist(),
        'precision': P.tolist(), 'recall': R.tolist(), 'f1': F.tolist(), 'support': S.tolist(),
        'averages': avg,
        # Probabilities here never reach the clipping bounds, so sklearn 1.2's eps=1e-15 and today's float64 eps agree.
        'logLoss': metrics.log_loss(y, proba, labels=labels),
        'perClass': per_class,
        'topLabel': calibration(hit, conf),
    }
    if K == 2:
        out['rocAucBinary'] = metrics.roc_auc_score((y == labels[1]).astype(int), proba[:, 1])
    else:
        out['rocAucOvr'] = {a: metrics.roc_auc_score(y, proba, multi_class='ovr', average=a, labels=labels) for a in ('macro', 'weighted')}
    return out


def calibration(pos, prob, n_bins=10):
    prob_true, prob_pred = calibration_curve(pos, prob, n_bins=n_bins)
    # calibration_curve's own binning, for the bin sizes it does not return.
    counts = np.bincount(np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], prob), minlength=n_bins)
    counts = counts[counts > 0]
    ece = float(np.sum(counts / counts.sum() * np.abs(prob_true - prob_pred)))
    return {'probTrue': prob_true.tolist(), 'probPred': prob_pred.tolist(), 'counts': counts.tolist(), 'ece': ece}


SMALL_MODELS = {
    'iris': (['sepal_length', 'sepal_width'], 1.0),
    'wine': (['alcohol', 'color_intensity'], 1.5),
    'breast_cancer': (['mean_texture', 'mean_smoothness'], 2.0),
}


def evaluations():
    cases, inputs = [], {}
    for data, (features, temperature) in SMALL_MODELS.items():
        d = load(data)
        labels, k = centroid_probabilities(d, features, temperature)
        inputs[data] = {'labels': labels, 'permille': k.tolist()}
        cases.append(evaluation_case(data, d['label'], labels, k / 1000))
    a = load('adult')
    k = adult_score(a)
    proba = np.stack([1 - k / 1000, k / 1000], 1)
    cases.append(evaluation_case('adult', a['income-per-year'], ['<=50K', '>50K'], proba))
    return cases, inputs


# ---------------------------------------------------------------- fairness (Fairlearn definitions)

def group_rates(yt, yp):
    pos, neg = yt.sum(), (~yt).sum()
    return {
        'count': int(len(yt)),
        'selectionRate': float(yp.mean()),
        'truePositiveRate': float((yt & yp).sum() / pos) if pos else 0.0,
        'falsePositiveRate': float((~yt & yp).sum() / neg) if neg else 0.0,
        'accuracy': float((yt == yp).mean()),
    }


def disparities(overall, groups, metric):
    vals = np.array([g[metric] for g in groups])
    o = overall[metric]
    with np.errstate(divide='ignore', invalid='ignore'):
        rel = vals / o
        rel = np.where(rel > 1, 1 / rel, rel)
    return {
        'difference': {'between_groups': float(vals.max() - vals.min()), 'to_overall': float(np.abs(vals - o).max())},
        'ratio': {'between_groups': float(vals.min() / vals.max()), 'to_overall': float(np.nanmin(rel))},
    }


def fairness_case(name, y_true, y_pred, sensitive):
    y_true, y_pred, sensitive = np.asarray(y_true, bool), np.asarray(y_pred, bool), np.asarray(sensitive, dtype=object)
    overall = group_rates(y_true, y_pred)
    groups = [{'group': g, **group_rates(y_true[sensitive == g], y_pred[sensitive == g])} for g in sorted(set(sensitive))]
    d = {m: disparities(overall, groups, m) for m in ('selectionRate', 'truePositiveRate', 'falsePositiveRate')}
    result = {'name': name, 'overall': overall, 'byGroup': groups, 'disparities': d}
    for method in ('between_groups', 'to_overall'):
        tpr, fpr = d['truePositiveRate'], d['falsePositiveRate']
        result[method] = {
            'demographicParityDifference': d['selectionRate']['difference'][method],
            'demographicParityRatio': d['selectionRate']['ratio'][method],
            'equalizedOddsDifference': max(tpr['difference'][method], fpr['difference'][method]),
            'equalizedOddsDifferenceMean': (tpr['difference'][method] + fpr['difference'][method]) / 2,
            'equalizedOddsRatio': min(tpr['ratio'][method], fpr['ratio'][method]),
            'equalizedOddsRatioMean': (tpr['ratio'][method] + fpr['ratio'][method]) / 2,
        }
    return result


def fairness(inputs):
    a = load('adult')
    y = a['income-per-year'] == '>50K'
    yp = adult_score(a) >= 500
    cases = [fairness_case('adult-sex', y, yp, a['sex']), fairness_case('adult-race', y, yp, a['race'])]
    b = load('breast_cancer')
    k = np.array(inputs['breast_cancer']['permille'])
    bp = k[:, 1] >= 500  # labels ['benign', 'malignant']: malignant is the positive class
    texture = np.where(b['mean_texture'] >= 20, 'high-texture', 'low-texture')
    cases.append(fairness_case('breast_cancer-texture', b['label'] == 'malignant', bp, texture))
    w = load('wine')
    wp = np.array(inputs['wine']['permille'])[:, 0] >= 500  # one-vs-rest: class_0 is the positive class
    alcohol = np.where(w['alcohol'] >= 13, 'strong', 'light')
    cases.append(fairness_case('wine-alcohol', w['label'] == 'class_0', wp, alcohol))
    return cases


# ---------------------------------------------------------------- agreement

def krippendorff_alpha(value_counts, level, values=None):
    """Krippendorff (2011): coincidences over units with >= 2 pairable values, expected coincidences
    n_c (n_k - [c = k]) / (n - 1), alpha = 1 - sum(o d) / sum(e d)."""
    vc = value_counts[value_counts.sum(1) > 1].astype(float)
    m = vc.sum(1)
    V = vc.shape[1]
    o = np.einsum('uc,uk->ck', vc / (m - 1)[:, None], vc) - np.diag((vc / (m - 1)[:, None]).sum(0))
    n_v = o.sum(0)
    n = n_v.sum()
    e = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1)
    idx = np.arange(V)
    if level == 'nominal':
        dist = (idx[:, None] != idx[None, :]).astype(float)
    elif level == 'ordinal':
        cum = np.concatenate([[0], np.cumsum(n_v)])
        lo, hi = np.minimum(idx[:, None], idx[None, :]), np.maximum(idx[:, None], idx[None, :])
        dist = (cum[hi + 1] - cum[lo] - (n_v[lo] + n_v[hi]) / 2) ** 2
    elif level == 'interval':
        v = np.asarray(values, float)
        dist = (v[:, None] - v[None, :]) ** 2
    elif level == 'ratio':
        v = np.asarray(values, float)
        dist = ((v[:, None] - v[None, :]) / (v[:, None] + v[None, :])) ** 2
    return float(1 - (o * dist).sum() / (e * dist).sum())


def agreement_case(name, raters, missing_every):
    """raters: list of equal-length label arrays. Cohen and Fleiss on complete data; Krippendorff also with the
    last rater missing on every `missing_every`-th item (0-based index % missing_every == 0)."""
    cats = sorted(set().union(*[set(r) for r in raters]))
    a, b = raters[0], raters[1]
    cohen = {w or 'none': metrics.cohen_kappa_score(a, b, labels=cats, weights=w) for w in (None, 'linear', 'quadratic')}
    table, _ = inter_rater.aggregate_raters(np.array([[cats.index(v) for v in col] for col in raters]).T, n_cat=len(cats))
    fleiss = {m: inter_rater.fleiss_kappa(table, method=m) for m in ('fleiss', 'randolph')}
    n = len(a)
    counts = np.zeros((n, len(cats)), int)
    for j, r in enumerate(raters):
        for i, v in enumerate(r):
            if j == len(raters) - 1 and i % missing_every == 0:
                continue
            counts[i, cats.index(v)] += 1
    alpha = {
        'nominal': krippendorff_alpha(counts, 'nominal'),
        'ordinal': krippendorff_alpha(counts, 'ordinal'),
        'interval': krippendorff_alpha(counts, 'interval', values=range(len(cats))),
        'ratio': krippendorff_alpha(counts, 'ratio', values=range(1, len(cats) + 1)),
    }
    return {'name': name, 'categories': cats, 'cohen': cohen, 'fleiss': fleiss, 'krippendorff': alpha, 'missingEvery': missing_every}


def agreement(inputs):
    cases = []
    for data in ('iris', 'wine'):
        d = load(data)
        labels = inputs[data]['labels']
        model = [labels[i] for i in np.argmax(np.array(inputs[data]['permille']), 1)]
        cases.append(agreement_case(data, [d['label'].tolist(), model, rule_rater(data, d)], 4))
    a = load('adult')
    income = a['income-per-year'].tolist()
    model = np.where(adult_score(a) >= 500, '>50K', '<=50K').tolist()
    degree = np.where(a['education-num'] >= 13, '>50K', '<=50K').tolist()
    cases.append(agreement_case('adult', [income, model, degree], 3))
    return cases


def rule_rater(data, d):
    """A third rater: one threshold rule per dataset."""
    if data == 'iris':
        pl = d['petal_length']
        return np.where(pl < 2.5, 'setosa', np.where(pl < 4.9, 'versicolor', 'virginica')).tolist()
    fl = d['flavanoids']
    return np.where(fl >= 2.3, 'class_0', np.where(fl >= 1.4, 'class_1', 'class_2')).tolist()


def main():
    write('drift.json', {'cases': [drift_case(*c) for c in DRIFT_CASES]})
    evals, inputs = evaluations()
    write('evaluation.json', {'inputs': inputs, 'cases': evals})
    write('fairness.json', {'cases': fairness(inputs)})
    write('agreement.json', {'cases': agreement(inputs)})


if __name__ == '__main__':
    main()
