using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MedPayIQ.Ncci;

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

    /// <summary>
    /// Builds the arrays of the edits of every chunk (parts or file slices, in any order): the chunks' codes, dates and
    /// rationales united and sorted into the table's ids, then each chunk's values renumbered in place on a core.
    /// </summary>
    /// <exception cref="NcciFormatException">More distinct codes, dates or rationales than one table holds.</exception>
    public static PtpTableData Build(IReadOnlyList<PtpChunk> chunks, string fileName)
    {
        var starts = new int[chunks.Count + 1];
        for (int c = 0; c < chunks.Count; c++)
        {
            starts[c + 1] = checked(starts[c] + chunks[c].Count);
        }

        int count = starts[^1];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var codes = CodeUnion(chunks, fileName);
        var rationaleIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var rationaleList = new List<string>();
        var daySet = new HashSet<int> { DateOnly.MaxValue.DayNumber };
        var rationaleOf = new int[chunks.Count][]; // a chunk's rationale id -> the table's
        for (int c = 0; c < chunks.Count; c++)
        {
            daySet.UnionWith(chunks[c].Days);
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

        if (daySet.Count > PtpTable.MaxDates || rationaleList.Count > PtpTable.MaxRationales)
        {
            NcciThrow.File(fileName, $"holds {codes.Length:N0} distinct codes, {daySet.Count:N0} distinct dates and {rationaleList.Count:N0} distinct rationales; one PTP table holds at most {PtpTable.MaxCodes:N0}, {PtpTable.MaxDates:N0} and {PtpTable.MaxRationales:N0}");
        }

        var dayArray = daySet.ToArray();
        Array.Sort(dayArray);
        var dayIds = new Dictionary<int, int>(dayArray.Length);
        for (int i = 0; i < dayArray.Length; i++)
        {
            dayIds[dayArray[i]] = i;
        }

        var codeIds = new CodeIndex(codes); // a hash of the few codes (in the cache)

        // Each chunk's values get the table's ids in place, on the core that takes the chunk: no array of all the edits.
        var parts = new Memory<ulong>[chunks.Count];
        var chunkSorted = new bool[chunks.Count];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var chunk = chunks[c];
            var codeMap = new int[chunk.Codes.Length];
            for (int i = 0; i < codeMap.Length; i++)
            {
                codeMap[i] = codeIds.Of(chunk.Codes[i]) + 1;
            }

            var dayMap = new int[chunk.Days.Length];
            for (int i = 0; i < dayMap.Length; i++)
            {
                dayMap[i] = dayIds[chunk.Days[i]];
            }

            parts[c] = chunk.Values.AsMemory(0, chunk.Count);
            chunkSorted[c] = Renumber(parts[c].Span, codeMap, dayMap, rationaleOf[c]);
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

        return Index(count, codes, dayArray, [.. rationaleList], parts);
    }

    /// <summary>The distinct codes of every chunk (each lists its own once), sorted: a code's id is its index.</summary>
    private static int[] CodeUnion(IReadOnlyList<PtpChunk> chunks, string fileName)
    {
        long listed = 0;
        foreach (var chunk in chunks)
        {
            listed += chunk.Codes.Length;
        }

        // Open addressing, at most half full (a table holds at most 65,534 codes): 512 KB at most, in the cache.
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(listed * 2, 16, 2 * (PtpTable.MaxCodes + 1)));
        var set = new int[capacity];
        int mask = capacity - 1, shift = 32 - BitOperations.Log2((uint)capacity), distinct = 0;
        var codes = new int[Math.Min(listed, PtpTable.MaxCodes + 1)];
        foreach (var chunk in chunks)
        {
            foreach (int code in chunk.Codes)
            {
                int i = (int)(unchecked((uint)code * 0x9E3779B1u) >> shift);
                int s;
                while ((s = set[i]) != 0 && s != code)
                {
                    i = (i + 1) & mask;
                }

                if (s == 0)
                {
                    if (distinct == PtpTable.MaxCodes)
                    {
                        NcciThrow.File(fileName, $"holds more than {PtpTable.MaxCodes:N0} distinct codes; one PTP table holds at most {PtpTable.MaxCodes:N0}");
                    }

                    set[i] = code;
                    codes[distinct++] = code;
                }
            }
        }

        Array.Resize(ref codes, distinct);
        Array.Sort(codes);
        return codes;
    }

    /// <summary>A chunk's values given the table's ids in place (codes, dates, rationale; the indicator and pre-1996 flag kept), and whether they are sorted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a load's 2M edits: optimized code from the first chunk
    private static bool Renumber(Span<ulong> values, int[] codeMap, int[] dayMap, int[] rationaleMap)
    {
        ulong previous = 0;
        bool inOrder = true;
        unchecked // ids are below 65,536: nothing here overflows
        {
            for (int k = 0; k < values.Length; k++)
            {
                ulong v = values[k];
                ulong p = ((ulong)(uint)codeMap[(int)(v >> 48) - 1] << 48) | ((ulong)(uint)codeMap[(int)((v >> 32) & 0xFFFF) - 1] << 32)
                    | ((ulong)(uint)dayMap[(int)((v >> 20) & 0xFFF)] << 20) | ((ulong)(uint)dayMap[(int)((v >> 8) & 0xFFF)] << 8)
                    | (v & 0xE0) | (uint)rationaleMap[(int)(v & 31)];
                inOrder &= p >= previous;
                values[k] = previous = p;
            }
        }

        return inOrder;
    }

    /// <summary>
    /// The arrays of a table read from a snapshot of format 1 or 2 (its slots checked with <see cref="PtpTable.LegacyHome"/>),
    /// hashed again with <see cref="PtpTable.HomeOf"/>: its edits, sorted (pair, then effective date, as a build sorts
    /// them), indexed as a table built from CMS's files is. The codes, dates and rationales are kept.
    /// </summary>
    internal static PtpTableData Rehash(int count, int[] codes, int[] days, string[] rationales, TableMemory<ulong> legacySlots)
    {
        var edits = GC.AllocateUninitializedArray<ulong>(count);
        int k = 0;
        foreach (ulong s in legacySlots.Span)
        {
            if (s != 0)
            {
                edits[k++] = s; // the check counted them: exactly count
            }
        }

        legacySlots.KeepAlive();
        Array.Sort(edits);
        return Index(count, codes, days, rationales, [edits]);
    }

    /// <summary>What is wrong with arrays read from a snapshot (ids out of range, a full hash, a slot its probe cannot reach), or <c>null</c>.</summary>
    internal static string? Check(PtpTableData d)
    {
        var slots = new SlotCheck(d.Slots.Length, d.Codes, d.Days.Length, d.Rationales.Length);
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
    /// The hash and the two indexes of edits packed and sorted (pair, then effective date). Inserting the edits in
    /// pair order would write a random slot each (a cache miss per edit in a table of millions), so the edits are first
    /// copied into one array grouped by home bucket (a stable counting sort: in a bucket part after part, and the
    /// versions of a pair keep their effective order, the order a probe meets them in), the parts scattered on both
    /// cores while the partner indexes read them in pair order, and then inserted bucket after bucket: the grouped
    /// array is read and the slots written front to back. The first half of the buckets is inserted on one core and
    /// the second on the other; an edit whose run of full slots would reach the other half (or wrap to the start)
    /// waits and is inserted after both.
    /// </summary>
    internal static PtpTableData Index(int count, int[] codes, int[] days, string[] rationales, Memory<ulong>[] sortedPacked)
    {
        var slots = new TableMemory<ulong>(PtpTable.Capacity(count));
        int n = slots.Length;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // About 1,024 buckets: the grouping writes to that many places at once (few enough for the cache and the TLB),
        // and a bucket's slots (22 KB in a 2M-edit table) stay in the cache while it is inserted.
        int shift = Math.Max(4, BitOperations.Log2((uint)n) - 10);
        int buckets = (n >> shift) + 1;
        var parts = new ArraySegment<ulong>[sortedPacked.Length];
        for (int c = 0; c < parts.Length; c++)
        {
            parts[c] = MemoryMarshal.TryGetArray<ulong>(sortedPacked[c], out var segment) ? segment : new ArraySegment<ulong>(sortedPacked[c].ToArray());
        }

        var next = new int[parts.Length][]; // per part, its edits' count in each bucket, then where the next goes in the grouped array
        var grouped = GC.AllocateUninitializedArray<ulong>(count);
        var bucketStarts = new int[buckets + 1];
        (int[] FirstStarts, TableMemory<ushort> Seconds, int[] SecondStarts, TableMemory<ushort> Firsts)? index = null;
        Parallel.Invoke(
            parallel,
            () => index = PartnerIndexes(codes.Length, sortedPacked),
            () =>
            {
                Parallel.For(0, parts.Length, parallel, c => next[c] = BucketCounts(codes, parts[c], n, shift, buckets));
                int at = 0;
                for (int b = 0; b < buckets; b++)
                {
                    bucketStarts[b] = at;
                    foreach (var counts in next)
                    {
                        int k = counts[b];
                        counts[b] = at;
                        at += k;
                    }
                }

                bucketStarts[buckets] = at;
                Parallel.For(0, parts.Length, parallel, c => Scatter(codes, parts[c], next[c], n, shift, grouped));
            });

        int middle = buckets / 2, boundary = Math.Min(n, middle << shift);
        List<ulong>? first = null, second = null;
        Parallel.Invoke(
            parallel,
            () => first = InsertRun(codes, slots, grouped.AsSpan(0, bucketStarts[middle]), shift, 0, boundary),
            () => second = InsertRun(codes, slots, grouped.AsSpan(bucketStarts[middle]), shift, boundary, n));
        var span = slots.Span;
        foreach (var late in new[] { first!, second! })
        {
            foreach (ulong p in late)
            {
                int i = PtpTable.Home(codes, (uint)(p >> 32), n);
                while (span[i] != 0)
                {
                    i = i + 1 == n ? 0 : i + 1;
                }

                span[i] = p;
            }
        }

        slots.KeepAlive();
        var (firstStarts, seconds, secondStarts, firsts) = index!.Value;
        return new PtpTableData(count, codes, days, rationales, slots, firstStarts, seconds, secondStarts, firsts);
    }

    /// <summary>How many of a part's edits fall in each home bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] BucketCounts(int[] codes, ArraySegment<ulong> part, int n, int shift, int buckets)
    {
        var counts = new int[buckets];
        foreach (ulong p in part.AsSpan())
        {
            counts[PtpTable.Home(codes, (uint)(p >> 32), n) >> shift]++;
        }

        return counts;
    }

    /// <summary>A part's edits copied into the grouped array, each to the next place of its bucket's (in part order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(int[] codes, ArraySegment<ulong> part, int[] next, int n, int shift, ulong[] grouped)
    {
        foreach (ulong p in part.AsSpan())
        {
            grouped[next[PtpTable.Home(codes, (uint)(p >> 32), n) >> shift]++] = p;
        }
    }

    /// <summary>Inserts grouped edits (buckets of 2^<paramref name="shift"/> slots, in order) in slots <paramref name="start"/> to <paramref name="end"/>; those whose run reaches the end wait (returned, in order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<ulong> InsertRun(int[] codes, TableMemory<ulong> table, ReadOnlySpan<ulong> edits, int shift, int start, int end)
    {
        unchecked // indexes below the capacity
        {
            var slots = table.Span;
            int n = slots.Length;

            // The slots are written before they are read, two buckets ahead of the edit's: a fresh page read first
            // would be mapped to the shared zero page, and its first write would then replace that mapping and flush
            // the TLBs of both cores. Written just before use, they are in the cache when the bucket's edits go in.
            // (The array came zeroed: a slot read before it is written here, by a run longer than a bucket, is 0.)
            int cleared = start;
            var late = new List<ulong>();
            foreach (ulong p in edits)
            {
                int i = PtpTable.Home(codes, (uint)(p >> 32), n);
                if (i + 64 > cleared)
                {
                    int to = Math.Min(end, ((i >> shift) + 2) << shift);
                    if (to > cleared)
                    {
                        slots[cleared..to].Clear();
                        cleared = to;
                    }
                }

                while (i < end && slots[i] != 0)
                {
                    i++;
                }

                if (i == end)
                {
                    late.Add(p); // a pair's later versions have the same home: they wait too, after it
                }
                else
                {
                    slots[i] = p; // a pair's versions go in effective order: a probe meets them in that order
                }
            }

            table.KeepAlive();
            return late;
        }
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
