using System.Numerics;
using System.Runtime.CompilerServices;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// A PTP table (practitioner or hospital), every part of one version. Each edit is kept in 8 bytes (the two codes as
/// ids into the table's code list, the effective and deletion dates as ids into its sorted day numbers, the modifier
/// indicator, the pre-1996 flag and the rationale in the spare bits) in an open-addressing hash of the pair (load at
/// most 3/4); each code's partners in column 2 and in column 1 are indexed (2 bytes a pair each), so
/// <see cref="EditsOf"/> reads an index, not the table. About 15 bytes an edit in all. Immutable and thread-safe.
/// </summary>
public sealed class PtpTable : NcciTable
{
    /// <summary>The most distinct codes, dates and rationales one table holds (the ids' widths: 16, 12 and 5 bits).</summary>
    internal const int MaxCodes = 65_534, MaxDates = 4_096, MaxRationales = 32;

    private readonly PtpTableData _d;
    private readonly long[] _codeSlots; // open addressing, packed code << 16 | id; 0 = empty; a power of 2 long
    private readonly ulong[] _slots; // the probe's arrays, one load away (not through _d)
    private readonly int[] _days;

    internal PtpTable(NcciTableSource source, PtpTableData data)
        : base(source)
    {
        _d = data;
        _slots = data.Slots;
        _days = data.Days;
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, data.Codes.Length * 2));
        _codeSlots = new long[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < data.Codes.Length; id++)
        {
            int i = (int)(Mix((uint)data.Codes[id]) & (uint)mask);
            while (_codeSlots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _codeSlots[i] = ((long)data.Codes[id] << 16) | (uint)id;
        }
    }

    /// <summary>The table's arrays (for snapshots).</summary>
    internal PtpTableData Data => _d;

    /// <inheritdoc/>
    public override int Count => _d.Count;

    /// <summary>Every edit, sorted by column 1, column 2, then effective date (decoded as read).</summary>
    public IEnumerable<PtpEdit> Edits
    {
        get
        {
            var versions = new List<PtpEdit>(4);
            for (int c1 = 0; c1 < _d.Codes.Length; c1++)
            {
                for (int k = _d.FirstStarts[c1]; k < _d.FirstStarts[c1 + 1]; k++)
                {
                    versions.Clear();
                    Versions(c1, _d.Seconds[k], versions);
                    foreach (var e in versions)
                    {
                        yield return e;
                    }
                }
            }
        }
    }

    /// <summary>The edit of a pair (in this column order) that applies on a date of service (the earliest effective one when several do). Allocates nothing.</summary>
    public bool TryFind(HcpcsCode column1, HcpcsCode column2, DateOnly dateOfService, out PtpEdit edit)
    {
        int id1 = CodeId(column1), id2;
        if (id1 >= 0 && (id2 = CodeId(column2)) >= 0)
        {
            uint key = PairKey(id1, id2);
            int day = dateOfService.DayNumber;
            var slots = _slots;
            var days = _days;
            int i = Home(key, slots.Length);
            ulong s;
            while ((s = slots[i]) != 0)
            {
                if ((uint)(s >> 32) == key && (s & IndicatorMask) != IndicatorNotApplicable
                    && days[(int)((s >> 20) & 0xFFF)] <= day && day <= days[(int)((s >> 8) & 0xFFF)])
                {
                    edit = Decode(s);
                    return true;
                }

                if (++i == slots.Length)
                {
                    i = 0;
                }
            }
        }

        edit = default;
        return false;
    }

    /// <summary>Every edit (of any date) with the code in column 1 or column 2, sorted as <see cref="Edits"/>; read from the code's index.</summary>
    public IEnumerable<PtpEdit> EditsOf(HcpcsCode code)
    {
        int id = CodeId(code);
        if (id < 0)
        {
            return [];
        }

        var found = new List<PtpEdit>();
        for (int k = _d.SecondStarts[id]; k < _d.SecondStarts[id + 1]; k++)
        {
            int c1 = _d.Firsts[k];
            if (c1 != id)
            {
                Versions(c1, id, found); // (code, code) is found below, once
            }
        }

        for (int k = _d.FirstStarts[id]; k < _d.FirstStarts[id + 1]; k++)
        {
            Versions(id, _d.Seconds[k], found);
        }

        found.Sort(static (a, b) => a.Column1 != b.Column1 ? a.Column1.CompareTo(b.Column1) : a.Column2 != b.Column2 ? a.Column2.CompareTo(b.Column2) : a.Effective.CompareTo(b.Effective));
        return found;
    }

    /// <summary>Every edit, in slot order (not sorted): the rows to join into another table.</summary>
    internal PtpChunk DecodeAll()
    {
        var all = new PtpRow[_d.Count];
        int k = 0;
        foreach (ulong s in _d.Slots)
        {
            if (s != 0)
            {
                int ind = (int)((s >> 6) & 3);
                all[k++] = new PtpRow(_d.Codes[(int)(s >> 48) - 1], _d.Codes[(int)((s >> 32) & 0xFFFF) - 1], _d.Days[(int)((s >> 20) & 0xFFF)], _d.Days[(int)((s >> 8) & 0xFFF)],
                    ind == 2 ? PtpModifierIndicator.NotApplicable : (PtpModifierIndicator)ind, (s & PriorBit) != 0, (byte)(s & 31));
            }
        }

        return new PtpChunk(all, _d.Rationales);
    }

    /// <summary>Every version of a pair, in effective order (the order they were put in the hash).</summary>
    private void Versions(int id1, int id2, List<PtpEdit> into)
    {
        uint key = PairKey(id1, id2);
        var slots = _d.Slots;
        int i = Home(key, slots.Length);
        ulong s;
        while ((s = slots[i]) != 0)
        {
            if ((uint)(s >> 32) == key)
            {
                into.Add(Decode(s));
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    private int CodeId(HcpcsCode code)
    {
        int packed = code.PackedValue;
        if (packed == 0)
        {
            return -1;
        }

        var slots = _codeSlots;
        int mask = slots.Length - 1;
        int i = (int)(Mix((uint)packed) & (uint)mask);
        long s;
        while ((s = slots[i]) != 0)
        {
            if ((int)(s >> 16) == packed)
            {
                return (int)(s & 0xFFFF);
            }

            i = (i + 1) & mask;
        }

        return -1;
    }

    private PtpEdit Decode(ulong s)
    {
        int ind = (int)((s >> 6) & 3);
        int deletion = _d.Days[(int)((s >> 8) & 0xFFF)];
        return new PtpEdit(
            HcpcsCode.FromPackedValue(_d.Codes[(int)(s >> 48) - 1]),
            HcpcsCode.FromPackedValue(_d.Codes[(int)((s >> 32) & 0xFFFF) - 1]),
            (s & PriorBit) != 0,
            DateOnly.FromDayNumber(_d.Days[(int)((s >> 20) & 0xFFF)]),
            deletion == DateOnly.MaxValue.DayNumber ? null : DateOnly.FromDayNumber(deletion),
            ind == 2 ? PtpModifierIndicator.NotApplicable : (PtpModifierIndicator)ind,
            _d.Rationales[(int)(s & 31)]);
    }

    // Slot layout: column 1 id + 1 (16 bits) | column 2 id + 1 (16) | effective date id (12) | deletion date id (12) |
    // indicator (2: 0, 1, 2 = 9) | pre-1996 (1) | rationale id (5). 0 is an empty slot (ids + 1 are never 0).
    private const ulong IndicatorMask = 3UL << 6, IndicatorNotApplicable = 2UL << 6, PriorBit = 1UL << 5;

    internal static uint PairKey(int id1, int id2) => ((uint)(id1 + 1) << 16) | (uint)(id2 + 1);

    internal static ulong Pack(int id1, int id2, int effective, int deletion, PtpModifierIndicator indicator, bool prior, int rationale)
        => ((ulong)PairKey(id1, id2) << 32) | ((ulong)effective << 20) | ((ulong)deletion << 8)
           | ((ulong)(indicator == PtpModifierIndicator.NotApplicable ? 2 : (int)indicator) << 6) | (prior ? PriorBit : 0) | (uint)rationale;

    /// <summary>The slot a pair's probe starts at: its mixed key scaled to the table (no power of 2 needed).</summary>
    internal static int Home(uint key, int capacity) => (int)(((ulong)Mix(key) * (uint)capacity) >> 32);

    /// <summary>A 32-bit finalizer (MurmurHash3's): every input bit moves every output bit.</summary>
    private static uint Mix(uint h)
    {
        unchecked
        {
            h ^= h >> 16;
            h *= 0x85EBCA6B;
            h ^= h >> 13;
            h *= 0xC2B2AE35;
            h ^= h >> 16;
            return h;
        }
    }

    /// <summary>The slots a table of <paramref name="edits"/> edits gets: load at most 3/4.</summary>
    internal static int Capacity(int edits) => Math.Max(8, (int)Math.Min(Array.MaxLength, (edits * 4L / 3) + 1));
}

/// <summary>One parsed PTP row: codes packed, dates as day numbers (no deletion: <see cref="DateOnly.MaxValue"/>'s), the rationale an index into its chunk's texts. No reference: a million rows are nothing for the GC to trace.</summary>
internal readonly record struct PtpRow(int Column1, int Column2, int Effective, int Deletion, PtpModifierIndicator Indicator, bool Prior, byte Rationale);

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
internal sealed record PtpTableData(int Count, int[] Codes, int[] Days, string[] Rationales, ulong[] Slots, int[] FirstStarts, ushort[] Seconds, int[] SecondStarts, ushort[] Firsts);

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

        // packed code -> id, by rank in the bitmap: the words' running counts, then the bits below in the word
        var rank = seen is null ? [] : new int[seen.Length];
        for (int w = 0, r = 0; w < rank.Length; w++)
        {
            rank[w] = r;
            r += BitOperations.PopCount(unchecked((ulong)seen![w]));
        }

        var codeIds = seen is not null ? null : new Dictionary<int, int>(codes.Count);
        for (int i = 0; codeIds is not null && i < codes.Count; i++)
        {
            codeIds[codes[i]] = i;
        }

        var packed = new ulong[count];
        var chunkSorted = new bool[chunks.Count];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var ids = rationaleOf[c];
            int at = starts[c], lastEffective = -1, lastEffectiveId = 0, lastDeletion = -1, lastDeletionId = 0;
            bool sorted = true;
            ulong previous = 0;
            foreach (ref readonly var e in chunks[c].Rows.AsSpan())
            {
                int a = e.Column1, b = e.Column2;
                int id1 = seen is not null ? rank[a >> 6] + BitOperations.PopCount(unchecked((ulong)seen[a >> 6]) & ((1UL << a) - 1)) : codeIds![a];
                int id2 = seen is not null ? rank[b >> 6] + BitOperations.PopCount(unchecked((ulong)seen[b >> 6]) & ((1UL << b) - 1)) : codeIds![b];
                int eff = e.Effective, del = e.Deletion;
                if (eff != lastEffective)
                {
                    lastEffectiveId = dayIds[lastEffective = eff];
                }

                if (del != lastDeletion)
                {
                    lastDeletionId = dayIds[lastDeletion = del];
                }

                ulong p = PtpTable.Pack(id1, id2, lastEffectiveId, lastDeletionId, e.Indicator, e.Prior, ids[e.Rationale]);
                sorted &= p >= previous;
                packed[at++] = previous = p;
            }

            chunkSorted[c] = sorted;
        });

        bool all = chunkSorted.All(x => x);
        for (int c = 1; all && c < chunks.Count; c++)
        {
            all = starts[c] == starts[c - 1] || starts[c] == count || packed[starts[c] - 1] <= packed[starts[c]];
        }

        if (!all) // CMS's files come sorted by column 1, column 2: then one pass checks it and nothing moves
        {
            Array.Sort(packed);
        }

        return Index(count, [.. codes], dayArray, [.. rationaleList], packed);
    }

    /// <summary>What is wrong with arrays read from a snapshot (ids out of range, a full hash, a slot its probe cannot reach), or <c>null</c>.</summary>
    internal static string? Check(PtpTableData d)
    {
        if (d.Codes.Length > PtpTable.MaxCodes || d.Days.Length is 0 or > PtpTable.MaxDates || d.Rationales.Length > PtpTable.MaxRationales)
        {
            return $"has {d.Codes.Length:N0} codes, {d.Days.Length:N0} dates and {d.Rationales.Length:N0} rationales (at most {PtpTable.MaxCodes:N0}, {PtpTable.MaxDates:N0}, {PtpTable.MaxRationales:N0})";
        }

        for (int i = 0; i < d.Codes.Length; i++)
        {
            if (d.Codes[i] is <= 0 or >= CodeSpace || (i > 0 && d.Codes[i] <= d.Codes[i - 1]))
            {
                return $"has code {i} out of order or out of range";
            }
        }

        for (int i = 0; i < d.Days.Length; i++)
        {
            if (d.Days[i] < DateOnly.MinValue.DayNumber || d.Days[i] > DateOnly.MaxValue.DayNumber || (i > 0 && d.Days[i] <= d.Days[i - 1]))
            {
                return $"has date {i} out of order or out of range";
            }
        }

        if ((Csr(d.FirstStarts, d.Seconds, d.Codes.Length) ?? Csr(d.SecondStarts, d.Firsts, d.Codes.Length)) is { } index)
        {
            return index;
        }

        var slots = d.Slots;
        int used = 0, empty = -1;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] == 0)
            {
                empty = i;
                continue;
            }

            used++;
            ulong s = slots[i];
            int c1 = (int)(s >> 48), c2 = (int)((s >> 32) & 0xFFFF), eff = (int)((s >> 20) & 0xFFF), del = (int)((s >> 8) & 0xFFF), ind = (int)((s >> 6) & 3), why = (int)(s & 31);
            if (c1 == 0 || c1 > d.Codes.Length || c2 == 0 || c2 > d.Codes.Length || eff >= d.Days.Length || del >= d.Days.Length || ind == 3 || why >= d.Rationales.Length)
            {
                return $"has slot {i:N0} holding ids out of range";
            }
        }

        if (used != d.Count || empty < 0 || d.Count < 0)
        {
            return $"has {used:N0} edits in {slots.Length:N0} slots where {d.Count:N0} are recorded (and a free slot is needed)";
        }

        // Every edit must be reachable from its home slot: no free slot between them (cyclically, counted from a free slot).
        int n = slots.Length, lastEmpty = 0;
        for (int k = 1; k <= n; k++)
        {
            int i = (empty + k) % n;
            if (slots[i] == 0)
            {
                lastEmpty = k;
                continue;
            }

            int home = PtpTable.Home((uint)(slots[i] >> 32), n);
            int at = (home - empty + n) % n;
            if (at <= lastEmpty || at > k)
            {
                return $"has slot {i:N0} that its probe cannot reach";
            }
        }

        return null;
    }

    private static string? Csr(int[] starts, ushort[] values, int codes)
    {
        if (starts.Length != codes + 1 || starts[0] != 0 || starts[^1] != values.Length)
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

        foreach (var v in values)
        {
            if (v >= codes)
            {
                return "has a partner index naming a code it does not hold";
            }
        }

        return null;
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
    internal static PtpTableData Index(int count, int[] codes, int[] days, string[] rationales, ulong[] sortedPacked)
    {
        var slots = new ulong[PtpTable.Capacity(count)];
        var firstStarts = new int[codes.Length + 1];
        var secondCounts = new int[codes.Length + 1];
        int pairs = 0;
        uint last = 0;
        foreach (ulong p in sortedPacked)
        {
            uint key = (uint)(p >> 32);
            int i = PtpTable.Home(key, slots.Length);
            while (slots[i] != 0)
            {
                if (++i == slots.Length)
                {
                    i = 0;
                }
            }

            slots[i] = p; // a pair's versions go in effective order: a probe meets them in that order
            if (key != last)
            {
                last = key;
                pairs++;
                firstStarts[(key >> 16) - 1 + 1]++;
                secondCounts[(key & 0xFFFF) - 1 + 1]++;
            }
        }

        for (int c = 1; c <= codes.Length; c++)
        {
            firstStarts[c] += firstStarts[c - 1];
            secondCounts[c] += secondCounts[c - 1];
        }

        var secondStarts = (int[])secondCounts.Clone();
        var seconds = new ushort[pairs];
        var firsts = new ushort[pairs];
        var fill = secondCounts; // reused as the next free position of each column 2 id
        int k = 0;
        last = 0;
        foreach (ulong p in sortedPacked)
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

        return new PtpTableData(count, codes, days, rationales, slots, firstStarts, seconds, secondStarts, firsts);
    }
}
