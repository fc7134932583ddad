// Reads a Parquet file with hyparquet, an independent reader, and prints
// its column names and rows as JSON: node read.mjs FILE
// (run with NODE_PATH-free resolution: the test runs it from the
// directory where hyparquet is installed).
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const columns = parquetSchema(metadata).children.map(c => c.element.name)
const types = Object.fromEntries(parquetSchema(metadata).children.map(c =>
  [c.element.name, c.element.type + ' ' + c.element.repetition_type]))
const rows = await parquetReadObjects({ file })
process.stdout.write(JSON.stringify({ columns, types, created_by: metadata.created_by, rows },
  (k, v) => typeof v === 'bigint' ? { bigint: v.toString() } : v))
