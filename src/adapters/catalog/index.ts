export { DataKind, type DatasetKey, splitInstrumentId } from './catalog-layout.ts';
export { type CatalogEntry, ParquetCatalog, type TickQuery } from './parquet-catalog.ts';
export { decodePathSegment, encodePathSegment } from './path-segment.ts';
export type { WriteSummary } from './write-partitions.ts';
