/**
 * The datasets feature's tables as the runs table joins them: `d.name` and `v.version` of the
 * version a run (`runs r`) trained on, null for a run without one. The runs page filters and
 * sorts by them in SQL (it stays instant at 10,000 runs), so the join is SQL, owned here.
 */
export const JOIN_RUN_DATASET = 'LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id LEFT JOIN datasets d ON d.id = v.dataset_id';
