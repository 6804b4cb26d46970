export function DatasetDetailView({ datasetId }: { datasetId: number }) {
  return <section className="view" data-testid={`dataset-detail-${datasetId}`} />;
}
