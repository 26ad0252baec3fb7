using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;
using Parquet;
using Parquet.Schema;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// A Parquet file of claim lines: the columns of the CSV claim file by name (claim_id, date and hcpcs required), dates
/// as DATE (or strings yyyy-MM-dd), numbers as integers or decimals (or strings), flags as booleans (or Y/N), read one
/// row group at a time. Each value is turned into the text the CSV file would hold and read by the same rules, so a
/// Parquet file and a CSV file of the same claims price the same; messages name the row (1 for the first) as the line.
/// </summary>
internal sealed class ParquetClaims : IDisposable
{
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField?[] _fields = new DataField?[ClaimFileReader.Columns.Length];
    private readonly byte[] _scratch = new byte[256];

    public ParquetClaims(FileInfo file)
    {
        Name = file.Name;
        _stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _reader = ParquetReader.CreateAsync(_stream, new ParquetOptions { UseDateOnlyTypeForDates = true }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not UsageException)
        {
            _stream.Dispose();
            throw new UsageException($"{file.Name} is not a Parquet file that can be read ({ex.Message.ReplaceLineEndings(" ")}).");
        }

        try
        {
            var fields = _reader.Schema.GetDataFields();
            for (int i = 0; i < fields.Length; i++)
            {
                var field = fields[i];
                int c = Array.IndexOf(ClaimFileReader.Columns, field.Name.ToLowerInvariant());
                if (c < 0)
                {
                    throw new UsageException($"{file.Name} column {i + 1}: '{ClaimFileReader.Shorten(field.Name)}' is not a column; the columns are {string.Join(", ", ClaimFileReader.Columns)}.");
                }

                if (field.IsArray || !ColumnValues.Supports(field.ClrType))
                {
                    throw new UsageException($"{file.Name} column {field.Name}: a {(field.IsArray ? "list" : field.ClrType.Name)} column; expected text, a date, a number or a boolean.");
                }

                _fields[c] = field;
            }

            foreach (string required in (string[])["claim_id", "date", "hcpcs"])
            {
                if (_fields[Array.IndexOf(ClaimFileReader.Columns, required)] is null)
                {
                    throw new UsageException($"{file.Name}: the schema has no {required} column.");
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The file's name, as messages give it.</summary>
    public string Name { get; }

    public void Dispose()
    {
        _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }

    /// <summary>The rows, in file order, in batches of whole claims, as <see cref="ClaimFileReader.CsvClaims.ReadBatches"/> gives them.</summary>
    public IEnumerable<RowBatch> ReadBatches(Func<RowBatch> next, int claimsPerBatch)
    {
        var claims = new ClaimFileReader.ClaimGrouper(Name, claimsPerBatch, next);
        int idColumn = Array.IndexOf(ClaimFileReader.Columns, "claim_id");
        long row = 0;
        for (int g = 0; g < _reader.RowGroupCount; g++)
        {
            using var group = _reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            var columns = _fields.Select(f => f is null ? null : ColumnValues.Read(group, f, rows)).ToArray();
            for (int i = 0; i < rows; i++)
            {
                row++;
                int idLength = columns[idColumn]!.Format(i, _scratch);
                if (claims.BeginRow(_scratch.AsSpan(0, idLength), row, null) is { } full)
                {
                    yield return full;
                }

                foreach (var column in columns)
                {
                    claims.Batch.AddField(column is null ? default : _scratch.AsSpan(0, column.Format(i, _scratch)));
                }

                claims.EndRow();
            }
        }

        if (claims.Batch.Rows > 0)
        {
            yield return claims.Batch;
        }
    }

    /// <summary>A column of a row group, read whole, its values written as the CSV file would hold them.</summary>
    private abstract class ColumnValues
    {
        public static bool Supports(Type type)
            => IsText(type) || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(int) || type == typeof(long)
                || type == typeof(short) || type == typeof(decimal) || type == typeof(bool);

        public static ColumnValues Read(ParquetRowGroupReader group, DataField field, int rows)
        {
            var t = field.ClrType;
            return IsText(t) ? new Text(Strings(group, field, rows))
                : t == typeof(DateOnly) ? Of<DateOnly>(group, field, rows)
                : t == typeof(DateTime) ? Of<DateTime>(group, field, rows)
                : t == typeof(int) ? Of<int>(group, field, rows)
                : t == typeof(long) ? Of<long>(group, field, rows)
                : t == typeof(short) ? Of<short>(group, field, rows)
                : t == typeof(decimal) ? Of<decimal>(group, field, rows)
                : Of<bool>(group, field, rows);
        }

        /// <summary>Text columns: strings (read as memory of characters by the schema).</summary>
        private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

        private static string?[] Strings(ParquetRowGroupReader group, DataField field, int rows)
        {
            var values = new string?[rows];
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            return values;
        }

        private static Values<T> Of<T>(ParquetRowGroupReader group, DataField field, int rows)
            where T : struct
        {
            var values = new T?[rows];
            if (field.IsNullable)
            {
                group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            }
            else
            {
                var plain = new T[rows];
                group.ReadAsync(field, plain.AsMemory()).AsTask().GetAwaiter().GetResult();
                for (int i = 0; i < rows; i++)
                {
                    values[i] = plain[i];
                }
            }

            return new Values<T>(values);
        }

        /// <summary>Writes value <paramref name="i"/> as UTF-8 text; its length.</summary>
        public abstract int Format(int i, Span<byte> destination);

        private sealed class Text(string?[] values) : ColumnValues
        {
            public override int Format(int i, Span<byte> destination)
            {
                string? value = values[i];
                if (value is null)
                {
                    return 0;
                }

                // a value longer than a claim file's field can be is cut (it is wrong anyway: its message quotes it)
                var chars = value.AsSpan(0, Math.Min(value.Length, destination.Length / 3));
                return Encoding.UTF8.GetBytes(chars, destination);
            }
        }

        private sealed class Values<T>(T?[] values) : ColumnValues
            where T : struct
        {
            public override int Format(int i, Span<byte> destination)
            {
                if (values[i] is not { } value)
                {
                    return 0;
                }

                if (value is bool flag)
                {
                    destination[0] = flag ? (byte)'Y' : (byte)'N';
                    return 1;
                }

                int written;
                bool ok = value switch
                {
                    DateOnly d => d.TryFormat(destination, out written, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateTime d => d.TryFormat(destination, out written, d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "O", CultureInfo.InvariantCulture),
                    IUtf8SpanFormattable f => f.TryFormat(destination, out written, default, CultureInfo.InvariantCulture),
                    _ => throw new InvalidOperationException($"{typeof(T).Name} values are not read."),
                };
                return ok ? written : 0;
            }
        }
    }
}

/// <summary>
/// <c>reprice</c>'s output as Parquet: the columns of the CSV output, amounts as DECIMAL(18,2), dates as DATE, units and
/// claim_rejected_rows as INT32, the rest as text; null where the CSV is empty (a rejected row's amounts, and its date
/// and units when they could not be read); then <c>date_as_read</c> and <c>units_as_read</c>, text: a rejected row's
/// date and units as the file gave them when they are not a DATE or an INT32 (what the CSV's text columns keep), null
/// on every other row. Written a row group at a time (<see cref="RowGroupRows"/> rows).
/// </summary>
internal sealed class ParquetRepriceWriter : IRepriceWriter
{
    /// <summary>
    /// The rows of a row group: what the writer holds, with Parquet.Net's buffers for it, before it is written. Measured
    /// on a million lines (docs/benchmarks.md, issue 19): 131,072 rows peaked at 363-384 MB, 65,536 at 278-294 MB, in
    /// the same time (233-237 MB once the arrays handed to Parquet.Net were reused).
    /// </summary>
    public const int RowGroupRows = 65_536;

    private static readonly DataField<string> ClaimId = new("claim_id", nullable: false), Line = new("line", nullable: false), Hcpcs = new("hcpcs", nullable: false), Modifiers = new("modifiers", nullable: false),
        Outcome = new("outcome", nullable: false), Release = new("release", nullable: true), Confidence = new("confidence", nullable: true), Reason = new("reason", nullable: false);

    private static readonly DataField<DateOnly?> Date = new("date", nullable: true);
    private static readonly DataField<int?> Units = new("units", nullable: true);
    private static readonly DataField<int> Rejected = new("claim_rejected_rows", nullable: false);
    private static readonly DataField<string> DateAsRead = new("date_as_read", nullable: true), UnitsAsRead = new("units_as_read", nullable: true);
    private static readonly DecimalDataField[] Amounts = [.. ((string[])["allowed", "medicare_payment", "coinsurance", "deductible", "limiting_charge", "fee_schedule_amount"]).Select(n => new DecimalDataField(n, 18, 2, isNullable: true))];

    /// <summary>The fields of <see cref="RepriceColumns.Names"/>, in their order.</summary>
    private static readonly DataField[] Fields =
        [ClaimId, Line, Date, Hcpcs, Modifiers, Units, Outcome, Amounts[0], Amounts[1], Amounts[2], Amounts[3], Amounts[4], Amounts[5], Release, Confidence, Reason, Rejected];

    /// <summary>The schema: the columns of <see cref="RepriceColumns.Names"/> in their order, then the raw text of a rejected row's date and units.</summary>
    public static readonly ParquetSchema Schema = SchemaOf(RepriceColumns.All);

    private readonly Stream _output;
    private readonly ParquetWriter _writer;
    private readonly ParquetRows _rows;
    private readonly int _columns;
    private bool _completed;

    /// <summary>A writer of <paramref name="columns"/> (<see cref="RepriceColumn"/> bits; every column by default) to <paramref name="output"/>.</summary>
    public ParquetRepriceWriter(Stream output, int columns = RepriceColumns.All)
    {
        _output = output;
        _columns = columns;
        _rows = new(columns);
        _writer = ParquetWriter.CreateAsync(SchemaOf(columns), output).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The schema of <paramref name="columns"/>: those of <see cref="RepriceColumns.Names"/>, in their order, then
    /// <c>date_as_read</c> with the date and <c>units_as_read</c> with the units.
    /// </summary>
    public static ParquetSchema SchemaOf(int columns)
    {
        var fields = Fields.Where((_, i) => RepriceColumns.Has(columns, (RepriceColumn)i)).ToList();
        if (RepriceColumns.Has(columns, RepriceColumn.Date))
        {
            fields.Add(DateAsRead);
        }

        if (RepriceColumns.Has(columns, RepriceColumn.Units))
        {
            fields.Add(UnitsAsRead);
        }

        return new ParquetSchema(fields);
    }

    private bool Has(RepriceColumn column) => RepriceColumns.Has(_columns, column);

    public ILineSink NewSink() => new ParquetRows(_columns);

    public void Write(ILineSink sink)
    {
        _rows.Add((ParquetRows)sink);
        if (_rows.Count >= RowGroupRows)
        {
            Flush();
        }
    }

    public void Complete()
    {
        if (_rows.Count > 0)
        {
            Flush();
        }

        _completed = true;
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); // the footer
        _output.Flush();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // The arrays a row group's columns are handed to Parquet.Net in, reused from group to group: new ones each group
    // (over 85,000 bytes each, so on the large object heap, collected only with the oldest generation) added about
    // 40 MB to a million-line run's peak memory.
    private decimal?[] _amounts = [];
    private DateOnly?[] _dates = [];
    private int?[] _units = [];
    private int[] _counts = [];
    private ReadOnlyMemory<char>[] _texts = [];

    /// <summary>The values of <paramref name="values"/> in <paramref name="buffer"/> (grown when short), as a slice.</summary>
    private static ReadOnlyMemory<T> Values<T>(List<T> values, ref T[] buffer)
    {
        Grow(ref buffer, values.Count);
        values.CopyTo(buffer);
        return buffer.AsMemory(0, values.Count);
    }

    /// <summary>
    /// A text column. One that is never null is written from a reused array of the texts' memory (what Parquet.Net's
    /// string overload makes a new array of, per column and row group): the same bytes. A nullable one goes through the
    /// string overload, which keeps its nulls (its form of nullable memory writes them as empty texts).
    /// </summary>
    private void WriteTexts(ParquetRowGroupWriter group, DataField<string> field, List<string?> values)
    {
        if (field.IsNullable)
        {
            group.WriteAsync(field, values).GetAwaiter().GetResult();
            return;
        }

        int n = values.Count;
        Grow(ref _texts, n);
        for (int i = 0; i < n; i++)
        {
            _texts[i] = values[i].AsMemory();
        }

        group.WriteAsync(field, (ReadOnlyMemory<ReadOnlyMemory<char>>)_texts.AsMemory(0, n)).GetAwaiter().GetResult();
    }

    /// <summary>A text column, when <paramref name="column"/> is written.</summary>
    private void Texts(ParquetRowGroupWriter group, RepriceColumn column, DataField<string> field, List<string?> values)
    {
        if (Has(column))
        {
            WriteTexts(group, field, values);
        }
    }

    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new T[Math.Max(count, RowGroupRows + (RowGroupRows / 4))];
        }
    }

    private void Flush()
    {
        using (var group = _writer.CreateRowGroup())
        {
            var r = _rows;
            Texts(group, RepriceColumn.ClaimId, ClaimId, r.ClaimIds!);
            Texts(group, RepriceColumn.Line, Line, r.Lines!);
            if (Has(RepriceColumn.Date))
            {
                group.WriteAsync(Date, Values(r.Dates, ref _dates)).GetAwaiter().GetResult();
            }

            Texts(group, RepriceColumn.Hcpcs, Hcpcs, r.Codes!);
            Texts(group, RepriceColumn.Modifiers, Modifiers, r.Modifiers!);
            if (Has(RepriceColumn.Units))
            {
                group.WriteAsync(Units, Values(r.Units, ref _units)).GetAwaiter().GetResult();
            }

            Texts(group, RepriceColumn.Outcome, Outcome, r.Outcomes!);
            for (int a = 0; a < Amounts.Length; a++)
            {
                if (Has(RepriceColumn.Allowed + a))
                {
                    group.WriteAsync(Amounts[a], Values(r.Amounts[a], ref _amounts)).GetAwaiter().GetResult();
                }
            }

            Texts(group, RepriceColumn.Release, Release, r.Releases);
            Texts(group, RepriceColumn.Confidence, Confidence, r.Confidences);
            Texts(group, RepriceColumn.Reason, Reason, r.Reasons!);
            if (Has(RepriceColumn.ClaimRejectedRows))
            {
                group.WriteAsync(Rejected, Values(r.RejectedRows, ref _counts)).GetAwaiter().GetResult();
            }

            Texts(group, RepriceColumn.Date, DateAsRead, r.DatesAsRead);
            Texts(group, RepriceColumn.Units, UnitsAsRead, r.UnitsAsRead);
            group.CompleteValidate();
        }

        _rows.Reset();
    }
}
