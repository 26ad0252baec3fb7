using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// One parsed PTP row: codes packed, dates as day numbers (no deletion: <see cref="DateOnly.MaxValue"/>'s), the
/// rationale an index into its chunk's texts. 16 bytes: a day number fits in 22 bits, so the rationale rides in the
/// effective date's top byte and the indicator and pre-1996 flag in the deletion date's. No reference: a million rows
/// are nothing for the GC to trace.
/// </summary>
internal readonly record struct PtpRow
{
    private const uint DayMask = 0xFF_FFFF;
    private readonly uint _effective, _deletion;

    public PtpRow(int column1, int column2, int effective, int deletion, PtpModifierIndicator indicator, bool prior, byte rationale)
    {
        Column1 = column1;
        Column2 = column2;
        _effective = (uint)effective | ((uint)rationale << 24);
        _deletion = (uint)deletion | ((uint)indicator << 24) | (prior ? 1u << 28 : 0);
    }

    public int Column1 { get; init; }

    public int Column2 { get; init; }

    public int Effective => (int)(_effective & DayMask);

    public int Deletion => (int)(_deletion & DayMask);

    public PtpModifierIndicator Indicator => (PtpModifierIndicator)((_deletion >> 24) & 0xF);

    public bool Prior => (_deletion & (1u << 28)) != 0;

    public byte Rationale
    {
        get => (byte)(_effective >> 24);
        init => _effective = (_effective & DayMask) | ((uint)value << 24);
    }
}

/// <summary>The rows of a file slice (or of a table being joined) and the rationale texts they index.</summary>
internal sealed record PtpChunk(PtpRow[] Rows, string[] Rationales);

/// <summary>The arrays of a compact PTP table; built once by <see cref="PtpTableBuilder"/> or read from a snapshot.</summary>
/// <param name="Count">Edits.</param>
/// <param name="Codes">Distinct codes (packed), sorted; a code's id is its index.</param>
/// <param name="Days">Distinct day numbers, sorted (<see cref="DateOnly.MaxValue"/> stands for no deletion date); a date's id is its index.</param>
/// <param name="Rationales">Distinct rationales; an id is the index.</param>
/// <param name="Slots">The open-addressing hash of the edits by pair.</param>
/// <param name="FirstStarts">Per column 1 id, where its column 2 partners start in <paramref name="Seconds"/> (one more entry than codes).</param>
/// <param name="Seconds">Column 2 ids of the distinct pairs, grouped by column 1, sorted.</param>
/// <param name="SecondStarts">Per column 2 id, where its column 1 partners start in <paramref name="Firsts"/>.</param>
/// <param name="Firsts">Column 1 ids of the distinct pairs, grouped by column 2, sorted.</param>
internal sealed record PtpTableData(int Count, int[] Codes, int[] Days, string[] Rationales, TableMemory<ulong> Slots, int[] FirstStarts, TableMemory<ushort> Seconds, int[] SecondStarts, TableMemory<ushort> Firsts);

/// <summary>Builds a compact PTP table from parsed rows.</summary>
internal static class PtpTableBuilder
{
    private const int CodeSpace = (36 * 36 * 36 * 36 * 36) + 1; // every packed code value
    private const int LargeTable = 1 << 17; // edits from which the code bitmap pays

    /// <summary>Builds the arrays of the rows of every chunk (parts or file slices, in any order); the chunks on every core.</summary>
    /// <exception cref="NcciFormatException">More distinct codes, dates or rationales than one table holds.</exception>
    public static PtpTableData Build(IReadOnlyList<PtpChunk> chunks, string fileName)
    {
        var starts = new int[chunks.Count + 1];
        for (int c = 0; c < chunks.Count; c++)
        {
            starts[c + 1] = checked(starts[c] + chunks[c].Rows.Length);
        }

        int count = starts[^1];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // Codes: in a large table a bit per possible code (7.5 MB, read in order: sorted ids for free, an id by rank);
        // in a small one a set, sorted, and a dictionary of ids. Dates and rationales: a set of each per chunk.
        bool large = count >= LargeTable;
        var seen = large ? new long[(CodeSpace + 63) / 64] : null;
        var small = large ? null : new HashSet<int>();
        var chunkDays = new HashSet<int>[chunks.Count];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var days = chunkDays[c] = [];
            int lastEffective = -1, lastDeletion = -1;
            foreach (ref readonly var e in chunks[c].Rows.AsSpan())
            {
                if (seen is not null)
                {
                    See(seen, e.Column1);
                    See(seen, e.Column2);
                }

                if (e.Effective != lastEffective)
                {
                    days.Add(lastEffective = e.Effective);
                }

                if (e.Deletion != lastDeletion)
                {
                    days.Add(lastDeletion = e.Deletion);
                }
            }
        });

        if (small is not null)
        {
            foreach (var chunk in chunks)
            {
                foreach (ref readonly var e in chunk.Rows.AsSpan())
                {
                    small.Add(e.Column1);
                    small.Add(e.Column2);
                }
            }
        }

        var rationaleIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var rationaleList = new List<string>();
        var daySet = new HashSet<int> { DateOnly.MaxValue.DayNumber };
        var rationaleOf = new int[chunks.Count][]; // a chunk's rationale index -> the table's id
        for (int c = 0; c < chunks.Count; c++)
        {
            daySet.UnionWith(chunkDays[c]);
            var texts = chunks[c].Rationales;
            rationaleOf[c] = new int[texts.Length];
            for (int i = 0; i < texts.Length; i++)
            {
                if (!rationaleIds.TryGetValue(texts[i], out int id))
                {
                    rationaleIds[texts[i]] = id = rationaleList.Count;
                    rationaleList.Add(texts[i]);
                }

                rationaleOf[c][i] = id;
            }
        }

        var codes = new List<int>();
        if (seen is not null)
        {
            for (int w = 0; w < seen.Length; w++)
            {
                for (ulong bits = unchecked((ulong)seen[w]); bits != 0; bits &= bits - 1)
                {
                    codes.Add((w << 6) + BitOperations.TrailingZeroCount(bits));
                }
            }
        }
        else
        {
            codes.AddRange(small!);
            codes.Sort();
        }

        if (codes.Count > PtpTable.MaxCodes || daySet.Count > PtpTable.MaxDates || rationaleList.Count > PtpTable.MaxRationales)
        {
            NcciThrow.File(fileName, $"holds {codes.Count:N0} distinct codes, {daySet.Count:N0} distinct dates and {rationaleList.Count:N0} distinct rationales; one PTP table holds at most {PtpTable.MaxCodes:N0}, {PtpTable.MaxDates:N0} and {PtpTable.MaxRationales:N0}");
        }

        var dayArray = daySet.ToArray();
        Array.Sort(dayArray);
        var dayIds = new Dictionary<int, int>(dayArray.Length);
        for (int i = 0; i < dayArray.Length; i++)
        {
            dayIds[dayArray[i]] = i;
        }

        var codeIds = new CodeIndex(codes.ToArray()); // a hash of the few codes (in the cache), not ranks in the 7.5 MB bitmap

        // Each chunk's rows are packed in place: row k's 8-byte value goes where the first half of row k / 2 was (read
        // already), so no array of all the edits is allocated (17 MB for CMS's practitioner table, its pages faulted
        // in one by one). The chunks' rows are the builder's to consume.
        var parts = new Memory<ulong>[chunks.Count];
        var chunkSorted = new bool[chunks.Count];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var rows = chunks[c].Rows;
            var into = new RowMemory(rows).Memory;
            Pack(rows, codeIds, dayIds, rationaleOf[c], into.Span, out chunkSorted[c]);
            parts[c] = into;
        });

        bool all = chunkSorted.All(x => x);
        ulong last = 0;
        foreach (var part in parts)
        {
            if (!all || part.IsEmpty)
            {
                continue;
            }

            all = last <= part.Span[0];
            last = part.Span[^1];
        }

        if (!all) // CMS's files come sorted by column 1, column 2: then one pass checks it and nothing moves
        {
            var packed = new ulong[count];
            for (int c = 0; c < parts.Length; c++)
            {
                parts[c].Span.CopyTo(packed.AsSpan(starts[c]));
            }

            Array.Sort(packed);
            parts = [packed];
        }

        return Index(count, [.. codes], dayArray, [.. rationaleList], parts);
    }

    /// <summary>The first half of a chunk's rows seen as one 8-byte value a row (the rows packed in place).</summary>
    private sealed class RowMemory(PtpRow[] rows) : System.Buffers.MemoryManager<ulong>
    {
        public override Span<ulong> GetSpan() => MemoryMarshal.Cast<PtpRow, ulong>(rows.AsSpan())[..rows.Length];

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>A chunk's rows packed into their slots' values (in place of <paramref name="into"/>), and whether they came sorted.</summary>
    private static void Pack(PtpRow[] rows, CodeIndex codeIds, Dictionary<int, int> dayIds, int[] rationaleIds, Span<ulong> into, out bool sorted)
    {
        int lastEffective = -1, lastEffectiveId = 0, lastDeletion = -1, lastDeletionId = 0, lastColumn1 = -1, id1 = 0;
        bool inOrder = true;
        ulong previous = 0;
        unchecked // two million rows: no index here overflows
        {
            for (int k = 0; k < rows.Length; k++)
            {
                ref readonly var e = ref rows[k];
                if (e.Column1 != lastColumn1)
                {
                    id1 = codeIds.Of(lastColumn1 = e.Column1); // CMS sorts by column 1: looked up once a code
                }

                int id2 = codeIds.Of(e.Column2);
                int eff = e.Effective, del = e.Deletion;
                if (eff != lastEffective)
                {
                    lastEffectiveId = dayIds[lastEffective = eff];
                }

                if (del != lastDeletion)
                {
                    lastDeletionId = dayIds[lastDeletion = del];
                }

                ulong p = PtpTable.Pack(id1, id2, lastEffectiveId, lastDeletionId, e.Indicator, e.Prior, rationaleIds[e.Rationale]);
                inOrder &= p >= previous;
                into[k] = previous = p;
            }
        }

        sorted = inOrder;
    }

    /// <summary>What is wrong with arrays read from a snapshot (ids out of range, a full hash, a slot its probe cannot reach), or <c>null</c>.</summary>
    internal static string? Check(PtpTableData d)
    {
        var slots = new SlotCheck(d.Slots.Length, d.Codes.Length, d.Days.Length, d.Rationales.Length);
        slots.Add(d.Slots.Span);
        return Check(d.Count, d.Codes, d.Days, d.Rationales, d.FirstStarts, d.Seconds.Length, OutOfRange(d.Seconds.Span, d.Codes.Length),
            d.SecondStarts, d.Firsts.Length, OutOfRange(d.Firsts.Span, d.Codes.Length), slots);
    }

    /// <summary>
    /// What is wrong with a table's arrays, the large ones already checked block by block as they were read
    /// (<paramref name="secondsProblem"/>, <paramref name="firstsProblem"/>, <paramref name="slots"/>), or <c>null</c>.
    /// </summary>
    internal static string? Check(int count, int[] codes, int[] days, string[] rationales, int[] firstStarts, int seconds, string? secondsProblem,
        int[] secondStarts, int firsts, string? firstsProblem, SlotCheck slots)
    {
        if (codes.Length > PtpTable.MaxCodes || days.Length is 0 or > PtpTable.MaxDates || rationales.Length > PtpTable.MaxRationales)
        {
            return $"has {codes.Length:N0} codes, {days.Length:N0} dates and {rationales.Length:N0} rationales (at most {PtpTable.MaxCodes:N0}, {PtpTable.MaxDates:N0}, {PtpTable.MaxRationales:N0})";
        }

        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] is <= 0 or >= CodeSpace || (i > 0 && codes[i] <= codes[i - 1]))
            {
                return $"has code {i} out of order or out of range";
            }
        }

        for (int i = 0; i < days.Length; i++)
        {
            if (days[i] < DateOnly.MinValue.DayNumber || days[i] > DateOnly.MaxValue.DayNumber || (i > 0 && days[i] <= days[i - 1]))
            {
                return $"has date {i} out of order or out of range";
            }
        }

        return Starts(firstStarts, seconds, codes.Length) ?? secondsProblem ?? Starts(secondStarts, firsts, codes.Length) ?? firstsProblem ?? slots.End(count);
    }

    private static string? Starts(int[] starts, int values, int codes)
    {
        if (starts.Length != codes + 1 || starts[0] != 0 || starts[^1] != values)
        {
            return "has a partner index of the wrong length";
        }

        for (int i = 1; i < starts.Length; i++)
        {
            if (starts[i] < starts[i - 1])
            {
                return "has a partner index out of order";
            }
        }

        return null;
    }

    /// <summary>What is wrong with a block of a partner index (a code id the table does not hold), or <c>null</c>.</summary>
    internal static string? OutOfRange(ReadOnlySpan<ushort> values, int codes)
        => values.IndexOfAnyInRange((ushort)Math.Min(codes, ushort.MaxValue), ushort.MaxValue) >= 0
            ? "has a partner index naming a code it does not hold"
            : null;

    /// <summary>
    /// Puts the edits in the hash. Inserting them in pair order writes a random slot each (a cache miss per edit in a
    /// table of millions), so they are first grouped by their home slot's bucket (a stable counting sort: the versions
    /// of a pair keep their effective order, the order a probe meets them in) and inserted bucket after bucket: the
    /// slots are written front to back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once a load: compiled optimized at once, not through on-stack replacement
    private static void Insert(Span<ulong> slots, Memory<ulong>[] sortedPacked, int count)
    {
        unchecked // millions of edits: no index here overflows
        {
            int n = slots.Length;
            // About 1,024 buckets: the grouping writes to that many places at once (few enough for the cache and the TLB),
            // and a bucket's slots (22 KB in a 2M-edit table) stay in the cache while it is inserted.
            int shift = Math.Max(4, BitOperations.Log2((uint)n) - 10);
            var starts = new int[(n >> shift) + 2];
            foreach (var part in sortedPacked)
            {
                foreach (ulong p in part.Span)
                {
                    starts[(PtpTable.Home((uint)(p >> 32), n) >> shift) + 1]++;
                }
            }

            for (int b = 1; b < starts.Length; b++)
            {
                starts[b] += starts[b - 1];
            }

            var byHome = GC.AllocateUninitializedArray<ulong>(count);
            foreach (var part in sortedPacked)
            {
                foreach (ulong p in part.Span)
                {
                    byHome[starts[PtpTable.Home((uint)(p >> 32), n) >> shift]++] = p;
                }
            }

            foreach (ulong p in byHome)
            {
                int i = PtpTable.Home((uint)(p >> 32), n);
                while (slots[i] != 0)
                {
                    if (++i == n)
                    {
                        i = 0;
                    }
                }

                slots[i] = p; // a pair's versions go in effective order: a probe meets them in that order
            }
        }
    }

    private static void See(long[] seen, int code)
    {
        long bit = 1L << code;
        if ((seen[code >> 6] & bit) == 0)
        {
            Interlocked.Or(ref seen[code >> 6], bit);
        }
    }

    /// <summary>The hash and the two indexes of edits packed and sorted (pair, then effective date).</summary>
    internal static PtpTableData Index(int count, int[] codes, int[] days, string[] rationales, Memory<ulong>[] sortedPacked)
    {
        var slots = new TableMemory<ulong>(PtpTable.Capacity(count));
        (int[] FirstStarts, TableMemory<ushort> Seconds, int[] SecondStarts, TableMemory<ushort> Firsts)? index = null;
        // The hash and the partner indexes read the same sorted edits and write their own arrays: on two cores at once.
        Parallel.Invoke(
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => Insert(slots.Span, sortedPacked, count),
            () => index = PartnerIndexes(codes.Length, sortedPacked));
        var (firstStarts, seconds, secondStarts, firsts) = index!.Value;
        return new PtpTableData(count, codes, days, rationales, slots, firstStarts, seconds, secondStarts, firsts);
    }

    /// <summary>Per code, its partners in column 2 and in column 1 (ids, sorted), from the edits sorted by pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once a load
    private static (int[] FirstStarts, TableMemory<ushort> Seconds, int[] SecondStarts, TableMemory<ushort> Firsts) PartnerIndexes(int codes, Memory<ulong>[] sortedPacked)
    {
        unchecked // millions of edits: no index here overflows
        {
            var firstStarts = new int[codes + 1];
            var secondCounts = new int[codes + 1];
            int pairs = 0;
            uint last = 0;
            foreach (var part in sortedPacked)
            {
                foreach (ulong p in part.Span)
                {
                    uint key = (uint)(p >> 32);
                    if (key != last)
                    {
                        last = key;
                        pairs++;
                        firstStarts[(key >> 16) - 1 + 1]++;
                        secondCounts[(key & 0xFFFF) - 1 + 1]++;
                    }
                }
            }

            for (int c = 1; c <= codes; c++)
            {
                firstStarts[c] += firstStarts[c - 1];
                secondCounts[c] += secondCounts[c - 1];
            }

            var secondStarts = (int[])secondCounts.Clone();
            var secondsMemory = new TableMemory<ushort>(pairs);
            var firstsMemory = new TableMemory<ushort>(pairs);
            var seconds = secondsMemory.Span;
            var firsts = firstsMemory.Span;
            var fill = secondCounts; // reused as the next free position of each column 2 id
            int k = 0;
            last = 0;
            foreach (var part in sortedPacked)
            {
                foreach (ulong p in part.Span)
                {
                    uint key = (uint)(p >> 32);
                    if (key == last)
                    {
                        continue;
                    }

                    last = key;
                    int id1 = (int)(key >> 16) - 1, id2 = (int)(key & 0xFFFF) - 1;
                    seconds[k++] = (ushort)id2;
                    firsts[fill[id2]++] = (ushort)id1;
                }
            }

            return (firstStarts, secondsMemory, secondStarts, firstsMemory);
        }
    }
}
