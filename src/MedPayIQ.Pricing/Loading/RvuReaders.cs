using System.Buffers;
using System.Globalization;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>What the PPRRVU file says about its own release (title and RELEASED lines of the CSV).</summary>
internal sealed record RvuFileFacts(string? Title, int? Year, char? Quarter, DateOnly? ReleasedOn, bool HasPricingIndicator);

/// <summary>Collects parsed rows, checks for duplicates and builds the immutable <see cref="RvuTable"/>.</summary>
internal sealed class RvuTableBuilder
{
    private readonly string _file;
    private RvuEntry[] _entries;
    private long[] _keys;
    private int[] _lines;
    private int _count;
    private byte[] _descriptions;
    private int _descriptionLength;
    private int[] _descriptionOffsets;

    /// <param name="file">File name for messages.</param>
    /// <param name="capacity">Expected rows (the file's line count): arrays are sized once.</param>
    /// <param name="descriptionBytes">Expected descriptor bytes.</param>
    public RvuTableBuilder(string file, int capacity, int descriptionBytes)
    {
        _file = file;
        capacity = Math.Max(capacity, 16);
        _entries = new RvuEntry[capacity];
        _keys = new long[capacity];
        _lines = new int[capacity];
        _descriptionOffsets = new int[capacity + 1];
        _descriptions = new byte[Math.Max(descriptionBytes, 256)];
    }

    public int Count => _count;

    public void Add(ref RvuEntryBuilder b, ReadOnlySpan<byte> description, long line)
    {
        if (_count == _entries.Length)
        {
            int n = checked(_count * 2);
            Array.Resize(ref _entries, n);
            Array.Resize(ref _keys, n);
            Array.Resize(ref _lines, n);
            Array.Resize(ref _descriptionOffsets, n + 1);
        }

        description = CmsFields.Trim(description);
        if (_descriptionLength + description.Length > _descriptions.Length)
        {
            Array.Resize(ref _descriptions, Math.Max(_descriptions.Length * 2, _descriptionLength + description.Length));
        }

        description.CopyTo(_descriptions.AsSpan(_descriptionLength));
        _descriptionLength += description.Length;
        b.DescriptionIndex = _count;
        _descriptionOffsets[_count + 1] = _descriptionLength;
        _entries[_count] = new RvuEntry(b);
        _keys[_count] = RvuTable.Key(b.Hcpcs, b.Modifier);
        _lines[_count] = (int)Math.Min(line, int.MaxValue);
        _count++;
    }

    public RvuTable Build()
    {
        if (_count == 0)
        {
            FeeScheduleThrow.File(_file, "the file has a header but no data rows");
        }

        var entries = _count == _entries.Length ? _entries : _entries[.._count];
        var keys = _keys.AsSpan(0, _count);
        var lines = _lines.AsSpan(0, _count);
        var descriptions = _descriptions.AsSpan(0, _descriptionLength).ToArray();
        var offsets = _descriptionOffsets.AsSpan(0, _count + 1).ToArray();
        bool sorted = true;
        for (int i = 1; i < keys.Length && sorted; i++)
        {
            sorted = keys[i - 1] < keys[i];
        }

        if (!sorted)
        {
            // Excel re-saved copies come re-sorted: order rows by (code, modifier), keeping file lines for messages.
            var order = new int[_count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            keys.Sort(order.AsSpan());
            var sortedEntries = new RvuEntry[_count];
            var sortedLines = new int[_count];
            for (int i = 0; i < order.Length; i++)
            {
                sortedEntries[i] = entries[order[i]];
                sortedLines[i] = lines[order[i]];
            }

            for (int i = 1; i < keys.Length; i++)
            {
                if (keys[i - 1] == keys[i])
                {
                    ReportDuplicate(sortedEntries[i], Math.Max(sortedLines[i], sortedLines[i - 1]), Math.Min(sortedLines[i], sortedLines[i - 1]));
                }
            }

            entries = sortedEntries;
        }

        return new RvuTable(entries, keys, descriptions, offsets);
    }

    private void ReportDuplicate(in RvuEntry e, int line, int firstLine)
        => FeeScheduleThrow.Duplicate(_file, line, e.Modifier.IsSome ? $"HCPCS {e.Hcpcs} modifier {e.Modifier}" : $"HCPCS {e.Hcpcs} (no modifier)", firstLine);
}

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

            // One record per line from here on: size the arrays once, to the lines left.
            var span = content.Span;
            int rowsLeft = span.Count((byte)'\n') - (int)headerLine + (span.IsEmpty || span[^1] == (byte)'\n' ? 0 : 1);
            var builder = new RvuTableBuilder(file, rowsLeft, content.Length / 8);
            int descriptionColumn = Array.IndexOf(columns, RvuColumn.Description);
            while (reader.Read())
            {
                long line = reader.LineNumber;
                int fields = reader.FieldCount;
                if (CmsCsv.IsEndOfFileMarker(reader))
                {
                    break;
                }

                if (CmsCsv.IsBlank(reader))
                {
                    continue;
                }

                if (fields < columns.Length)
                {
                    FeeScheduleThrow.Line(file, line, reader.Current.RawRecord, includeValues, $"expected {columns.Length} fields as in the header on line {headerLine}, found {fields} (truncated line?)");
                }

                for (int i = columns.Length; i < fields; i++)
                {
                    if (!CmsFields.Trim(reader.GetSpan(i)).IsEmpty)
                    {
                        FeeScheduleThrow.Line(file, line, reader.Current.RawRecord, includeValues, $"expected {columns.Length} fields as in the header on line {headerLine}, found {fields}");
                    }
                }

                var b = default(RvuEntryBuilder);
                if (!RvuLayouts.TryParseRow(reader, columns.Length == RvuLayouts.Columns2026.Length, ref b))
                {
                    // Cold path: find the field that failed and say what it should hold.
                    b = default;
                    for (int i = 0; i < columns.Length; i++)
                    {
                        var col = columns[i];
                        if (col != RvuColumn.Description)
                        {
                            RvuLayouts.Apply(ref b, col, reader.GetSpan(i), file, line, i + 1, includeValues);
                        }
                    }
                }

                builder.Add(ref b, reader.GetSpan(descriptionColumn), line);
            }

            var facts = ParseTitle(title, released, columns.Contains(RvuColumn.PricingIndicator));
            return (builder.Build(), facts);
        }
        catch (CsvFormatException ex)
        {
            FeeScheduleThrow.Line(file, ex.LineNumber, "the CSV is malformed: " + ex.Message, ex);
            throw;
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

    private static RvuFileFacts ParseTitle(string? title, DateOnly? released, bool pricingIndicator)
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

        return new RvuFileFacts(title, year, quarter, released, pricingIndicator);
    }
}

/// <summary>Reads the fixed-width PPRRVU TXT (HDR lines, then one 171-character record per line).</summary>
internal static class RvuTextReader
{
    private const int MinLength = 171;

    public static RvuTable Read(string file, ReadOnlyMemory<byte> content, bool includeValues)
    {
        var builder = new RvuTableBuilder(file, content.Span.Count((byte)'\n') + 1, content.Length / 4);
        var layout = RvuLayouts.FixedWidth2025;
        int headers = 0;
        bool any = false;
        foreach (var (line, number) in new LineEnumerator(content.Span))
        {
            any = true;
            if (line.IsEmpty || line is [0x1A])
            {
                continue;
            }

            if (line.StartsWith("HDR"u8))
            {
                headers++;
                continue;
            }

            if (line.Length < MinLength)
            {
                FeeScheduleThrow.Line(file, number, line, includeValues, $"expected a fixed-width PPRRVU record of at least {MinLength} characters, found {line.Length} (truncated line?)");
            }

            var b = default(RvuEntryBuilder);
            foreach (var (col, start, length) in layout)
            {
                if (col != RvuColumn.Description)
                {
                    RvuLayouts.Apply(ref b, col, line.Slice(start - 1, length), file, number, start, includeValues);
                }
            }

            builder.Add(ref b, line.Slice(7, 50), number);
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected the CMS PPRRVU fixed-width file");
        }

        if (headers == 0)
        {
            FeeScheduleThrow.File(file, "no HDR header records; expected the CMS PPRRVU fixed-width file");
        }

        return builder.Build();
    }
}
