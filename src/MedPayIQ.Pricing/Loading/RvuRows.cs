using System.Buffers;
using System.Globalization;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>What the PPRRVU file says about its own release (title and RELEASED lines of the CSV).</summary>
internal sealed record RvuFileFacts(string? Title, int? Year, char? Quarter, DateOnly? ReleasedOn);

/// <summary>
/// The arrays a PPRRVU file's rows are parsed into: one slot per line, shared by the stretches parsed on different
/// threads (each writes its own range), so joining them costs no copy. Keys and lines are pooled: they live only
/// until the table is built.
/// </summary>
internal sealed class RvuRowBuffer : IDisposable
{
    public RvuRowBuffer(int capacity)
    {
        capacity = Math.Max(capacity, 1);
        Entries = new RvuEntry[capacity];
        Keys = LoadBuffer.Rent<long>(capacity);
        Lines = LoadBuffer.Rent<int>(capacity);
        DescriptionEnds = new int[capacity + 1];
    }

    public RvuEntry[] Entries { get; private set; }

    public long[] Keys { get; }

    public int[] Lines { get; }

    /// <summary>DescriptionEnds[i + 1] is where row i's descriptor ends in its segment's bytes.</summary>
    public int[] DescriptionEnds { get; private set; }

    public int Capacity => Entries.Length;

    public RvuRows Segment(int start, int capacity, int descriptionBytes) => new(this, start, capacity, descriptionBytes);

    /// <summary>Joins the segments (in file order) into rows 0..count, moving later ones down over any gap.</summary>
    public (int Count, byte[] Descriptions) Join(ReadOnlySpan<RvuRows> segments)
    {
        int count = 0, bytes = 0;
        foreach (var s in segments)
        {
            bytes += s.DescriptionLength;
        }

        var descriptions = new byte[bytes];
        bytes = 0;
        foreach (var s in segments)
        {
            if (s.Start != count)
            {
                Array.Copy(Entries, s.Start, Entries, count, s.Count);
                Array.Copy(Keys, s.Start, Keys, count, s.Count);
                Array.Copy(Lines, s.Start, Lines, count, s.Count);
                Array.Copy(DescriptionEnds, s.Start + 1, DescriptionEnds, count + 1, s.Count);
            }

            for (int i = count + 1; i <= count + s.Count; i++)
            {
                DescriptionEnds[i] += bytes;
            }

            s.Descriptions.CopyTo(descriptions.AsSpan(bytes));
            bytes += s.DescriptionLength;
            count += s.Count;
        }

        if (count != Entries.Length)
        {
            Entries = Entries[..count];
            DescriptionEnds = DescriptionEnds[..(count + 1)];
        }

        return (count, descriptions);
    }

    public void Dispose()
    {
        LoadBuffer.Return(Keys);
        LoadBuffer.Return(Lines);
    }
}

/// <summary>
/// One stretch of a PPRRVU file being parsed: writes rows from <see cref="Start"/> on in the shared buffer. Its
/// descriptor bytes go to a pooled buffer until the stretches are joined.
/// </summary>
internal sealed class RvuRows : IDisposable
{
    private readonly RvuRowBuffer _buffer;
    private readonly int _capacity;
    private byte[] _descriptions;

    public RvuRows(RvuRowBuffer buffer, int start, int capacity, int descriptionBytes)
    {
        _buffer = buffer;
        Start = start;
        _capacity = capacity;
        _descriptions = LoadBuffer.Rent<byte>(Math.Max(descriptionBytes, 256));
    }

    public int Start { get; }

    public int Count { get; private set; }

    public int DescriptionLength { get; private set; }

    public ReadOnlySpan<byte> Descriptions => _descriptions.AsSpan(0, DescriptionLength);

    public void Add(in RvuEntryBuilder b, ReadOnlySpan<byte> description, long line, string file)
    {
        if (Count == _capacity)
        {
            // One record per line: more rows than lines cannot happen; guard anyway.
            FeeScheduleThrow.Line(file, line, "more records than lines in this stretch of the file");
        }

        description = CmsFields.Trim(description);
        if (DescriptionLength + description.Length > _descriptions.Length)
        {
            var larger = LoadBuffer.Rent<byte>(Math.Max(_descriptions.Length * 2, DescriptionLength + description.Length));
            Descriptions.CopyTo(larger);
            LoadBuffer.Return(_descriptions);
            _descriptions = larger;
        }

        description.CopyTo(_descriptions.AsSpan(DescriptionLength));
        DescriptionLength += description.Length;
        int i = Start + Count;
        _buffer.DescriptionEnds[i + 1] = DescriptionLength;
        _buffer.Entries[i] = new RvuEntry(b);
        _buffer.Keys[i] = RvuTable.Key(b.Hcpcs, b.Modifier);
        _buffer.Lines[i] = (int)Math.Min(line, int.MaxValue);
        Count++;
    }

    public void Dispose()
    {
        var d = _descriptions;
        _descriptions = [];
        if (d.Length > 0)
        {
            LoadBuffer.Return(d);
        }
    }
}

/// <summary>Joins the parsed stretches of a file, sorts them if needed, checks for duplicates and builds the table.</summary>
internal static class RvuTableBuilder
{
    public static RvuTable Build(string file, RvuRowBuffer buffer, params ReadOnlySpan<RvuRows> segments)
    {
        var (count, descriptions) = buffer.Join(segments);
        if (count == 0)
        {
            FeeScheduleThrow.File(file, "the file has a header but no data rows");
        }

        var entries = buffer.Entries;
        var keys = buffer.Keys.AsSpan(0, count);
        var lines = buffer.Lines.AsSpan(0, count);
        var offsets = buffer.DescriptionEnds;
        bool sorted = true;
        for (int i = 1; i < keys.Length && sorted; i++)
        {
            sorted = keys[i - 1] < keys[i];
        }

        if (!sorted)
        {
            // Excel re-saved copies come re-sorted: order rows by (code, modifier), keeping file lines for messages.
            var order = new int[count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            keys.Sort(order.AsSpan());
            var sortedEntries = new RvuEntry[count];
            var sortedLines = new int[count];
            var sortedOffsets = new int[count + 1];
            var sortedDescriptions = new byte[descriptions.Length];
            for (int i = 0, b = 0; i < order.Length; i++)
            {
                int o = order[i];
                sortedEntries[i] = entries[o];
                sortedLines[i] = lines[o];
                int len = offsets[o + 1] - offsets[o];
                descriptions.AsSpan(offsets[o], len).CopyTo(sortedDescriptions.AsSpan(b));
                b += len;
                sortedOffsets[i + 1] = b;
            }

            for (int i = 1; i < keys.Length; i++)
            {
                if (keys[i - 1] == keys[i])
                {
                    FeeScheduleThrow.Duplicate(file, Math.Max(sortedLines[i], sortedLines[i - 1]), Describe(sortedEntries[i]), Math.Min(sortedLines[i], sortedLines[i - 1]));
                }
            }

            (entries, descriptions, offsets) = (sortedEntries, sortedDescriptions, sortedOffsets);
        }

        return new RvuTable(entries, keys, descriptions, offsets);
    }

    private static string Describe(in RvuEntry e) => e.Modifier.IsSome ? $"HCPCS {e.Hcpcs} modifier {e.Modifier}" : $"HCPCS {e.Hcpcs} (no modifier)";
}
