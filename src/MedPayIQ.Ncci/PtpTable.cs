using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private readonly CodeIndex _codeIds; // inline: the probe reads its array straight from the table
    private readonly TableMemory<ulong> _slots; // the probe's memory, one load away (not through _d)
    private readonly int[] _days;
    private readonly ushort[] _rationaleIds; // the table's rationale ids -> PtpRationales'

    /// <exception cref="NcciFormatException">The process keeps too many distinct rationale texts to name the table's.</exception>
    internal PtpTable(NcciTableSource source, PtpTableData data)
        : base(source)
    {
        _d = data;
        _slots = data.Slots;
        _days = data.Days;
        _codeIds = new CodeIndex(data.Codes);
        var ids = PtpRationales.Of(data.Rationales);
        if (ids is null)
        {
            NcciThrow.File(string.Join(", ", source.FileNames), $"has rationale texts that this process cannot keep: it keeps {PtpRationales.MaxTexts:N0} distinct PTP rationales already (CMS's tables use about ten)");
        }

        _rationaleIds = ids;
    }

    /// <summary>The table's arrays (for snapshots).</summary>
    internal PtpTableData Data => _d;

    /// <inheritdoc/>
    public override int Count => _d.Count;

    /// <summary>Every edit, sorted by column 1, column 2, then effective date (decoded as read).</summary>
    public IEnumerable<PtpEdit> Rows
    {
        get
        {
            var versions = new List<PtpEdit>(4);
            for (int c1 = 0; c1 < _d.Codes.Length; c1++)
            {
                for (int k = _d.FirstStarts[c1]; k < _d.FirstStarts[c1 + 1]; k++)
                {
                    versions.Clear();
                    Versions(c1, _d.Seconds.Span[k], versions);
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
            int at = Find(_slots.Span, PairKey(id1, id2), HomeOf(column1.PackedValue, column2.PackedValue, _slots.Length), dateOfService.DayNumber);
            if (at >= 0)
            {
                edit = Decode(_slots.Span[at], column1, column2);
                _slots.KeepAlive();
                return true;
            }

            _slots.KeepAlive();
        }

        edit = default;
        return false;
    }

    /// <summary>
    /// The slot of the first version of a pair (its key, its home slot) that applies on a day, or -1. The probe reads the run of full
    /// slots eight at a time (one 64-byte compare of the keys and one of empty slots; four at a time without 512-bit
    /// vectors): at load 3/4 a run is about 2.5 slots to a hit and 8.5 to a miss, so a pair costs one or two cache
    /// lines and one unpredictable branch. The last slots before the table's end are read one at a time, as the run
    /// wraps to the start.
    /// </summary>
    private int Find(ReadOnlySpan<ulong> slots, uint key, int home, int day)
    {
        unchecked // the probe: nothing here overflows (an index is below the capacity)
        {
            int n = slots.Length, i = home;
            var days = _days;
            ref ulong first = ref MemoryMarshal.GetReference(slots);
            ulong target = (ulong)key << 32;
            for (int seen = 0; seen < n;) // bounded: a snapshot changed on disk after it was checked cannot loop
            {
                if (Vector256.IsHardwareAccelerated && i <= n - Width)
                {
                    uint empty, match;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        var v = Vector512.LoadUnsafe(ref first, (nuint)i);
                        empty = (uint)Vector512.Equals(v, Vector512<ulong>.Zero).ExtractMostSignificantBits();
                        match = (uint)Vector512.Equals(v & Vector512.Create(KeyMask), Vector512.Create(target)).ExtractMostSignificantBits();
                    }
                    else
                    {
                        var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                        empty = Vector256.Equals(v, Vector256<ulong>.Zero).ExtractMostSignificantBits();
                        match = Vector256.Equals(v & Vector256.Create(KeyMask), Vector256.Create(target)).ExtractMostSignificantBits();
                    }

                    match &= (empty & (0u - empty)) - 1; // the slots before the run's first empty one (all of them when none is)
                    while (match != 0)
                    {
                        int at = i + BitOperations.TrailingZeroCount(match);
                        if (Applies(Unsafe.Add(ref first, at), days, day))
                        {
                            return at;
                        }

                        match &= match - 1;
                    }

                    if (empty != 0)
                    {
                        return -1;
                    }

                    i += Width;
                    seen += Width;
                }
                else
                {
                    ulong s = slots[i];
                    if (s == 0)
                    {
                        return -1;
                    }

                    if ((s & KeyMask) == target && Applies(s, days, day))
                    {
                        return i;
                    }

                    i = i + 1 == n ? 0 : i + 1;
                    seen++;
                }

                if (i == n)
                {
                    i = 0;
                }
            }

            return -1;
        }
    }

    /// <summary>Slots a probe compares at once: 8 (64 bytes) with 512-bit vectors, else 4.</summary>
    private static int Width => Vector512.IsHardwareAccelerated ? 8 : 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Applies(ulong s, int[] days, int day)
        => unchecked((s & IndicatorMask) != IndicatorNotApplicable && days[(int)((s >> 20) & 0xFFF)] <= day && day <= days[(int)((s >> 8) & 0xFFF)]);

    /// <summary>Every edit (of any date) with the code in column 1 or column 2, sorted as <see cref="Rows"/>; read from the code's index.</summary>
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
            int c1 = _d.Firsts.Span[k];
            if (c1 != id)
            {
                Versions(c1, id, found); // (code, code) is found below, once
            }
        }

        for (int k = _d.FirstStarts[id]; k < _d.FirstStarts[id + 1]; k++)
        {
            Versions(id, _d.Seconds.Span[k], found);
        }

        found.Sort(static (a, b) => a.Column1 != b.Column1 ? a.Column1.CompareTo(b.Column1) : a.Column2 != b.Column2 ? a.Column2.CompareTo(b.Column2) : a.Effective.CompareTo(b.Effective));
        return found;
    }

    /// <summary>Every edit, in slot order (not sorted): the values to join into another table (this table's ids are the chunk's).</summary>
    internal PtpChunk DecodeAll()
    {
        var all = GC.AllocateUninitializedArray<ulong>(_d.Count);
        int k = 0;
        foreach (ulong s in _d.Slots.Span)
        {
            if (s != 0)
            {
                all[k++] = s;
            }
        }

        _d.Slots.KeepAlive();
        return new PtpChunk(all, k, _d.Codes, _d.Days, _d.Rationales);
    }

    /// <summary>Every version of a pair, in effective order (the order they were put in the hash).</summary>
    private void Versions(int id1, int id2, List<PtpEdit> into)
    {
        uint key = PairKey(id1, id2);
        var slots = _d.Slots.Span;
        int i = HomeOf(_d.Codes[id1], _d.Codes[id2], slots.Length);
        ulong s;
        for (int steps = 0; steps < slots.Length && (s = slots[i]) != 0; steps++)
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

        _d.Slots.KeepAlive();
    }

    private int CodeId(HcpcsCode code) => _codeIds.Of(code.PackedValue);

    private PtpEdit Decode(ulong s)
        => Decode(s, HcpcsCode.FromPackedValue(_d.Codes[(int)(s >> 48) - 1]), HcpcsCode.FromPackedValue(_d.Codes[(int)((s >> 32) & 0xFFFF) - 1]));

    /// <summary>A slot's edit, its codes known (a probe's: not read again from the code list).</summary>
    private PtpEdit Decode(ulong s, HcpcsCode column1, HcpcsCode column2)
    {
        int ind = (int)((s >> 6) & 3);
        int deletion = _days[(int)((s >> 8) & 0xFFF)];
        return new PtpEdit(
            column1,
            column2,
            (s & PriorBit) != 0,
            DateOnly.FromDayNumber(_days[(int)((s >> 20) & 0xFFF)]),
            deletion == DateOnly.MaxValue.DayNumber ? null : DateOnly.FromDayNumber(deletion),
            ind == 2 ? PtpModifierIndicator.NotApplicable : (PtpModifierIndicator)ind,
            _rationaleIds[(int)(s & 31)]);
    }

    // Slot layout: column 1 id + 1 (16 bits) | column 2 id + 1 (16) | effective date id (12) | deletion date id (12) |
    // indicator (2: 0, 1, 2 = 9) | pre-1996 (1) | rationale id (5). 0 is an empty slot (ids + 1 are never 0).
    private const ulong KeyMask = 0xFFFF_FFFF_0000_0000UL, IndicatorMask = 3UL << 6, IndicatorNotApplicable = 2UL << 6, PriorBit = 1UL << 5;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint PairKey(int id1, int id2) => unchecked(((uint)(id1 + 1) << 16) | (uint)(id2 + 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Pack(int id1, int id2, int effective, int deletion, PtpModifierIndicator indicator, bool prior, int rationale)
        => unchecked(((ulong)PairKey(id1, id2) << 32) | ((ulong)effective << 20) | ((ulong)deletion << 8)
           | ((ulong)(indicator == PtpModifierIndicator.NotApplicable ? 2 : (int)indicator) << 6) | (prior ? PriorBit : 0) | (uint)rationale);

    /// <summary>
    /// The slot a pair's probe starts at (snapshot format 3 and tables built from CMS's files): a multiplicative hash of
    /// its two packed codes (each times its own odd 64-bit constant, 2^64 / golden ratio and MurmurHash3's, the sum's
    /// upper half; the two multiplies run side by side) scaled to the table (no power of 2 needed). It is computed from
    /// the codes as given, not from their ids, so a probe computes it while it looks the ids up (formats 1 and 2 hashed
    /// the ids, which the probe had to wait for). Measured runs of full slots: on the 2.14M-edit table 2.5 to a hit and
    /// 8.6 to a miss, on the synthetic 4M set 2.2 and 6.5, on the 155-edit excerpt 1.7 and 5.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int HomeOf(int packed1, int packed2, int capacity)
        => unchecked((int)(((((ulong)(uint)packed1 * HashFirst) + ((ulong)(uint)packed2 * HashSecond)) >> 32) * (uint)capacity >> 32));

    /// <summary>The multipliers of <see cref="HomeOf"/>: odd, their bits well spread.</summary>
    internal const ulong HashFirst = 0x9E3779B97F4A7C15UL, HashSecond = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>The home of a slot's pair (its key: the two code ids + 1), its codes read from the table's code list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Home(int[] codes, uint key, int capacity) => HomeOf(codes[(int)(key >> 16) - 1], codes[(int)(key & 0xFFFF) - 1], capacity);

    /// <summary>
    /// The slot a pair's probe started at in snapshot formats 1 and 2 (MurmurHash3's 32-bit finalizer of the key,
    /// scaled to the table): such a snapshot's slots are checked with it, then hashed again with <see cref="HomeOf"/>.
    /// </summary>
    internal static int LegacyHome(uint key, int capacity)
    {
        unchecked
        {
            uint h = key;
            h ^= h >> 16;
            h *= 0x85EBCA6B;
            h ^= h >> 13;
            h *= 0xC2B2AE35;
            h ^= h >> 16;
            return (int)(((ulong)h * (uint)capacity) >> 32);
        }
    }

    /// <summary>The slots a table of <paramref name="edits"/> edits gets: load at most 3/4.</summary>
    internal static int Capacity(int edits) => Math.Max(8, (int)Math.Min(Array.MaxLength, (edits * 4L / 3) + 1));
}
