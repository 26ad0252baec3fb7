using System.Buffers;
using System.Globalization;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>Reads the PPRRVU CSV (2025: 31 columns; 2026: 32 with PRIC IND) as CMS publishes it, or as Excel re-saves it.</summary>
internal static class RvuCsvReader
{
    private const int MaxPreambleRows = 40;

    public static (RvuTable Table, RvuFileFacts Facts) Read(string file, ReadOnlyMemory<byte> content, bool includeValues)
    {
        using var reader = CmsCsv.Open(content, includeValues);
        string? title = null;
        DateOnly? released = null;
        int preamble = 0;
        RvuColumn[]? columns = null;
        long headerLine = 0;
        try
        {
            while (reader.Read())
            {
                if (CmsCsv.IsEndOfFileMarker(reader))
                {
                    break;
                }

                if (IsHeader(reader))
                {
                    headerLine = reader.LineNumber;
                    columns = MatchHeader(file, reader, includeValues);
                    break;
                }

                for (int i = 0; i < reader.FieldCount; i++)
                {
                    var cell = CmsFields.Trim(reader.GetSpan(i));
                    if (cell.StartsWith("RELEASED "u8) && TryDate(cell["RELEASED "u8.Length..], out var d))
                    {
                        released = d;
                    }
                    else if (title is null && cell.IndexOf("Relative Value File"u8) >= 0)
                    {
                        title = System.Text.Encoding.UTF8.GetString(cell);
                    }
                }

                if (++preamble > MaxPreambleRows)
                {
                    break;
                }
            }

            if (columns is null)
            {
                if (preamble == 0)
                {
                    FeeScheduleThrow.File(file, "the file is empty; expected the CMS PPRRVU CSV");
                }

                FeeScheduleThrow.File(file, "no PPRRVU header row (a row starting HCPCS,MOD,DESCRIPTION) was found in the first lines");
            }

            // One record per line from here on. Past a few hundred kilobytes, parse the two halves at once.
            var span = content.Span;
            int dataStart = 0;
            for (long l = 0; l < headerLine; l++)
            {
                int nl = span[dataStart..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    dataStart = span.Length;
                    break;
                }

                dataStart += nl + 1;
            }

            var data = content[dataStart..];
            var facts = ParseTitle(title, released);
            // One record per line. Past a few hundred kilobytes the rows are cut into stretches at line breaks, each
            // written into its own range of one array, and the stretches are parsed by as many threads as there are
            // cores, each taking the next stretch when it is done (the stretches do not cost the same: descriptors,
            // quoted rows).
            int parts = data.Length > ParallelThreshold && Environment.ProcessorCount > 1 ? Stretches : 1;
            var bounds = new int[parts + 1];
            var lines = new int[parts];
            for (int i = 1; i < parts; i++)
            {
                int from = Math.Max(bounds[i - 1], (int)((long)data.Length * i / parts));
                int nl = data.Span[from..].IndexOf((byte)'\n');
                bounds[i] = nl < 0 ? data.Length : from + nl + 1;
            }

            bounds[parts] = data.Length;
            int total = 0;
            for (int i = 0; i < parts; i++)
            {
                var stretch = data.Span[bounds[i]..bounds[i + 1]];
                lines[i] = stretch.Count((byte)'\n') + (stretch is [.., not (byte)'\n'] ? 1 : 0);
                total += lines[i];
            }

            using var buffer = new RvuRowBuffer(total);
            var segments = new RvuRows[parts];
            for (int i = 0, start = 0; i < parts; start += lines[i], i++)
            {
                segments[i] = buffer.Segment(start, lines[i], (bounds[i + 1] - bounds[i]) / 8);
            }

            try
            {
                if (parts == 1)
                {
                    ReadRows(file, data, segments[0], headerLine, headerLine, columns, includeValues, last: true);
                }
                else
                {
                    ReadInParallel(file, data, bounds, lines, segments, headerLine, columns, includeValues);
                }

                return (RvuTableBuilder.Build(file, buffer, segments), facts);
            }
            finally
            {
                foreach (var segment in segments)
                {
                    segment.Dispose();
                }
            }
        }
        catch (CsvFormatException ex)
        {
            FeeScheduleThrow.Line(file, ex.LineNumber, "the CSV is malformed: " + ex.Message, ex);
            throw;
        }
    }

    /// <summary>Above this many bytes of rows, the file is parsed in <see cref="Stretches"/> stretches on every core.</summary>
    internal const int ParallelThreshold = 256 * 1024;

    private const int Stretches = 8;

    /// <summary>
    /// Parses the stretches on the calling thread and the pool's threads, each taking the next stretch when done. When
    /// stretches fail, the error of the earliest line is thrown, as a single thread would have.
    /// </summary>
    private static void ReadInParallel(string file, ReadOnlyMemory<byte> data, int[] bounds, int[] lines, RvuRows[] segments, long headerLine, RvuColumn[] columns, bool includeValues)
    {
        int parts = segments.Length;
        var before = new long[parts];
        for (int i = 1; i < parts; i++)
        {
            before[i] = before[i - 1] + lines[i - 1];
        }

        var errors = new Exception?[parts];
        int next = -1;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < parts)
            {
                try
                {
                    ReadRows(file, data[bounds[i]..bounds[i + 1]], segments[i], headerLine + before[i], headerLine, columns, includeValues, last: i == parts - 1);
                }
                catch (Exception ex) when (ex is FeeScheduleFormatException or CsvFormatException)
                {
                    errors[i] = ex;
                }
            }
        }

        int helpers = Math.Min(Environment.ProcessorCount, parts) - 1;
        var tasks = new Task[helpers];
        for (int t = 0; t < helpers; t++)
        {
            tasks[t] = Task.Run(Work);
        }

        Work();
        Task.WaitAll(tasks);
        foreach (var error in errors)
        {
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }

    /// <summary>Parses the data rows of one stretch of the file; <paramref name="linesBefore"/> is the file line just before it.</summary>
    private static void ReadRows(string file, ReadOnlyMemory<byte> data, RvuRows rows, long linesBefore, long headerLine, RvuColumn[] columns, bool includeValues, bool last)
    {
        bool layout2026 = columns.Length == RvuLayouts.Columns2026.Length;
        try
        {
            using var reader = CmsCsv.Open(data, includeValues, oneRecordPerLine: true);
            long line = linesBefore;
            while (reader.Read())
            {
                line++;
                int fields = reader.FieldCount;
                if (CmsCsv.IsEndOfFileMarker(reader))
                {
                    if (!last || reader.Read())
                    {
                        FeeScheduleThrow.Line(file, line, "a DOS end-of-file character (0x1A) before the end of the file; the file is cut or spliced");
                    }

                    break;
                }

                if (CmsCsv.IsBlank(reader))
                {
                    continue;
                }

                if (fields != columns.Length)
                {
                    CheckFieldCount(file, reader, line, columns.Length, headerLine, includeValues);
                }

                var b = default(RvuEntryBuilder);
                var cursor = new ReaderFieldCursor(reader);
                bool ok = RvuLayouts.TryParseRow(ref cursor, layout2026, ref b, out var description);
                if (!ok)
                {
                    // Cold path: find the field that failed and say what it should hold.
                    b = default;
                    for (int i = 0; i < columns.Length; i++)
                    {
                        if (columns[i] != RvuColumn.Description)
                        {
                            RvuLayouts.Apply(ref b, columns[i], reader.GetSpan(i), file, line, i + 1, includeValues);
                        }
                    }
                }

                RvuLayouts.CheckTotals(b, file, line, 12, 13, includeValues);
                rows.Add(b, description, line, file);
            }
        }
        catch (CsvFormatException ex)
        {
            FeeScheduleThrow.Line(file, linesBefore + ex.RecordNumber, "the CSV is malformed: " + ex.Message, ex);
        }

    }

    private static void CheckFieldCount(string file, CsvReader reader, long line, int expected, long headerLine, bool includeValues)
    {
        int fields = reader.FieldCount;
        if (fields < expected)
        {
            FeeScheduleThrow.Line(file, line, reader.Current.RawRecord, includeValues, $"expected {expected} fields as in the header on line {headerLine}, found {fields} (truncated line?)");
        }

        for (int i = expected; i < fields; i++)
        {
            if (!CmsFields.Trim(reader.GetSpan(i)).IsEmpty)
            {
                FeeScheduleThrow.Line(file, line, reader.Current.RawRecord, includeValues, $"expected {expected} fields as in the header on line {headerLine}, found {fields}");
            }
        }
    }

    private static bool IsHeader(CsvReader reader)
        => reader.FieldCount >= 2 && CmsFields.Trim(reader.GetSpan(0)).SequenceEqual("HCPCS"u8) && CmsFields.Trim(reader.GetSpan(1)).SequenceEqual("MOD"u8);

    private static RvuColumn[] MatchHeader(string file, CsvReader reader, bool includeValues)
    {
        int n = reader.FieldCount;
        while (n > 0 && CmsFields.Trim(reader.GetSpan(n - 1)).IsEmpty)
        {
            n--;
        }

        foreach (var (header, columns) in new[] { (RvuLayouts.Header2026, RvuLayouts.Columns2026), (RvuLayouts.Header2025, RvuLayouts.Columns2025) })
        {
            if (n == header.Length && Matches(reader, header))
            {
                return columns;
            }
        }

        foreach (var header in new[] { RvuLayouts.Header2026, RvuLayouts.Header2025 })
        {
            if (n > header.Length && Matches(reader, header))
            {
                FeeScheduleThrow.Line(file, reader.LineNumber, $"the header has {n} columns; CMS's PPRRVU CSV has {header.Length} in this layout (column {header.Length + 1} onward is extra)");
            }
        }

        // Say exactly where the header departs from the closest published layout.
        var closest = n >= RvuLayouts.Header2026.Length ? RvuLayouts.Header2026 : RvuLayouts.Header2025;
        for (int i = 0; i < Math.Min(n, closest.Length); i++)
        {
            var cell = CmsFields.Trim(reader.GetSpan(i));
            if (!System.Text.Ascii.EqualsIgnoreCase(cell, closest[i]))
            {
                FeeScheduleThrow.Field(new FieldContext(file, reader.LineNumber, i + 1, "header", includeValues), cell, $"expected '{closest[i]}' as in CMS's PPRRVU layout ({closest.Length} columns)");
            }
        }

        FeeScheduleThrow.Line(file, reader.LineNumber, $"the header has {n} columns; CMS's PPRRVU CSV has 31 (2025) or 32 (2026, with PRIC IND)");
        return [];
    }

    private static bool Matches(CsvReader reader, string[] header)
    {
        for (int i = 0; i < header.Length; i++)
        {
            if (!System.Text.Ascii.EqualsIgnoreCase(CmsFields.Trim(reader.GetSpan(i)), header[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool TryDate(ReadOnlySpan<byte> s, out DateOnly date)
    {
        Span<char> chars = stackalloc char[16];
        s = CmsFields.Trim(s);
        date = default;
        if (s.Length > chars.Length)
        {
            return false;
        }

        int n = System.Text.Encoding.ASCII.GetChars(s, chars);
        return DateOnly.TryParseExact(chars[..n], "M/d/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static readonly string[] Months = ["JANUARY", "APRIL", "JULY", "OCTOBER"];

    private static RvuFileFacts ParseTitle(string? title, DateOnly? released)
    {
        int? year = null;
        char? quarter = null;
        if (title is not null)
        {
            var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var w in words)
            {
                if (w.Length == 4 && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int y) && y is > 1990 and < 2200)
                {
                    year ??= y;
                }

                int m = Array.IndexOf(Months, w.ToUpperInvariant());
                if (m >= 0)
                {
                    quarter ??= (char)('A' + m);
                }
            }
        }

        return new RvuFileFacts(title, year, quarter, released);
    }
}
