using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedPayIQ.Ncci;

/// <summary>
/// Checks a table's hash slots in order, a block at a time (a snapshot's are checked as they are read, never held
/// whole): every id in range, the edits counted, and every edit reachable from its home slot with no free slot
/// between (cyclically: the slots before the first free one are checked at the end, with the ones after the last).
/// An edit's home slot is <see cref="PtpTable.HomeOf"/> of its two codes (the table's <paramref name="codeList"/> by
/// the slot's ids); a table of snapshot format 1 or 2 (<paramref name="legacyHash"/>) is checked with the home slots
/// its format used (<see cref="PtpTable.LegacyHome"/>).
/// </summary>
internal sealed unsafe class SlotCheck(int capacity, int[] codeList, int days, int rationales, bool legacyHash = false)
{
    private const int MaxWrappedRun = 1 << 20;
    private readonly int _codeCount = codeList.Length;
    private readonly int[] _homeCodes = codeList.Length > 0 ? codeList : [0]; // read at an id clamped into it: a slot's home is computed before its ids are found out of range
    private readonly List<(int At, int Home)> _wrapped = [];
    private int _at, _used, _firstFree = -1, _lastFree = -1;
    private string? _problem;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a snapshot is opened once a process: its slots are checked by optimized code from the first block, not by the first tier's
    public void Add(ReadOnlySpan<ulong> block)
    {
        // The state in locals (not fields) for the loop: a snapshot's 2.8M slots go through it, a block at a time.
        int at = _at, used = _used, firstFree = _firstFree, lastFree = _lastFree;
        _at += block.Length;
        if (_problem is not null)
        {
            return;
        }

        uint codeCount = (uint)_codeCount, dayCount = (uint)days, rationaleCount = (uint)rationales;
        int slotCount = capacity;
        unchecked // no arithmetic here can overflow (a slot index is below the capacity); the checks cost registers
        {
            for (int k = 0; k < block.Length; k++)
            {
                if (firstFree >= 0 && Vectorized && !legacyHash && k <= block.Length - 8)
                {
                    // Eight slots at a time (all but the slots before the first free one, and a block's last few);
                    // at a problem the slots from there are checked one at a time, for its words.
                    int done = Add8(block[k..], at + k, ref used, ref lastFree);
                    k += done;
                    if (k >= block.Length)
                    {
                        break;
                    }
                }

                // Branch-free but for the rare cases (a problem, the slots before the first free one): a quarter of
                // the slots are free, at random, and a branch on it would be mispredicted every few slots.
                ulong s = block[k];
                int i = at + k;
                bool full = s != 0;
                bool outOfRange = ((uint)(s >> 48) - 1 >= codeCount) | ((uint)((s >> 32) & 0xFFFF) - 1 >= codeCount) | ((uint)((s >> 20) & 0xFFF) >= dayCount)
                    | ((uint)((s >> 8) & 0xFFF) >= dayCount) | ((s & (3UL << 6)) == 3UL << 6) | ((uint)(s & 31) >= rationaleCount);
                int home = legacyHash ? PtpTable.LegacyHome((uint)(s >> 32), slotCount) : Home(s, slotCount);
                bool unreachable = (home <= lastFree) | (home > i);
                if (full & (outOfRange | (unreachable & (firstFree >= 0))))
                {
                    _problem = Problem(i, outOfRange);
                    used++;
                    break;
                }

                if (firstFree < 0 && !First(i, full, home, ref firstFree))
                {
                    used++;
                    break;
                }

                used += full ? 1 : 0;
                lastFree = full ? lastFree : i;
            }
        }

        _used = used;
        _firstFree = firstFree;
        _lastFree = lastFree;
    }

    /// <summary>A slot's home (<see cref="PtpTable.HomeOf"/> of its codes), its ids clamped into the code list (an id out of range is a problem found beside it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong s, int slotCount)
    {
        unchecked // an empty slot's ids are 0: 0 - 1 wraps, and is clamped
        {
            uint last = (uint)_homeCodes.Length - 1;
            return PtpTable.HomeOf(_homeCodes[Math.Min((uint)(s >> 48) - 1, last)], _homeCodes[Math.Min((uint)((s >> 32) & 0xFFFF) - 1, last)], slotCount);
        }
    }

    /// <summary>Whether this machine can check slots eight at a time (AVX-512 and AVX2).</summary>
    internal static bool VectorSupported { get; } = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx2.IsSupported;

    /// <summary>Whether slots are checked eight at a time (512-bit vectors); tests turn it off to compare. Never on where the machine cannot.</summary>
    internal static bool Vectorized
    {
        get => _vectorized;
        set => _vectorized = value && VectorSupported;
    }

    private static bool _vectorized = VectorSupported;

    /// <summary>
    /// Checks slots eight at a time from the start of <paramref name="slots"/> (slot <paramref name="first"/> of the
    /// table; a free slot already seen), as the loop of <see cref="Add"/> does one at a time: the ids in range, and each
    /// full slot's home after the last free slot before it and not after it. The last free slot before each slot is a
    /// running maximum across the lanes (three shifts). Stops before a group that holds a problem or past the last
    /// whole group: the slots checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Add8(ReadOnlySpan<ulong> slots, int first, ref int used, ref int lastFree)
    {
        fixed (int* codeList = _homeCodes)
        {
            return Add8(slots, first, ref used, ref lastFree, codeList);
        }
    }

    /// <summary>The loop of <see cref="Add8(ReadOnlySpan{ulong}, int, ref int, ref int)"/>, the code list pinned (its codes are gathered by the slots' ids).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Add8(ReadOnlySpan<ulong> slots, int first, ref int used, ref int lastFree, int* codeList)
    {
        unchecked // indexes are below the capacity, a home's product below 2^63: nothing here overflows
        {
            var lastCode = Vector256.Create((uint)_homeCodes.Length - 1);
            var multiplier1 = Vector512.Create(PtpTable.HashFirst);
            var multiplier2 = Vector512.Create(PtpTable.HashSecond);
            var codeCount = Vector512.Create((ulong)(uint)_codeCount);
            var dayCount = Vector512.Create((ulong)(uint)days);
            var rationaleCount = Vector512.Create((ulong)(uint)rationales);
            var slotCount = Vector512.Create((ulong)(uint)capacity);
            var lanes = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
            var by1 = Vector512.Create(0L, 0, 1, 2, 3, 4, 5, 6);
            var by2 = Vector512.Create(0L, 1, 0, 1, 2, 3, 4, 5);
            var by4 = Vector512.Create(0L, 1, 2, 3, 0, 1, 2, 3);
            var indicatorBits = Vector512.Create(3UL << 6);
            var one = Vector512<ulong>.One;
            var noneFree = Vector512.Create(-1L);
            var carry = Vector512.Create((long)lastFree);
            int k = 0, count = used;
            for (; k <= slots.Length - 8; k += 8)
            {
                var s = Vector512.Create(slots.Slice(k, 8));
                var index = Vector512.Create((long)(first + k)) + lanes;
                var full = ~Vector512.Equals(s, Vector512<ulong>.Zero);
                var outOfRange = Vector512.GreaterThanOrEqual((s >> 48) - one, codeCount)
                    | Vector512.GreaterThanOrEqual(((s >> 32) & Vector512.Create(0xFFFFUL)) - one, codeCount)
                    | Vector512.GreaterThanOrEqual((s >> 20) & Vector512.Create(0xFFFUL), dayCount)
                    | Vector512.GreaterThanOrEqual((s >> 8) & Vector512.Create(0xFFFUL), dayCount)
                    | Vector512.Equals(s & indicatorBits, indicatorBits)
                    | Vector512.GreaterThanOrEqual(s & Vector512.Create(31UL), rationaleCount);

                // The home slot of each slot, scaled to the table: PtpTable.HomeOf its two codes, gathered from the code
                // list by its ids (clamped into it). A table of format 1 or 2 is checked one slot at a time.
                var id1 = Vector256.Min(Avx512F.ConvertToVector256UInt32(s >> 48) - Vector256<uint>.One, lastCode);
                var id2 = Vector256.Min(Avx512F.ConvertToVector256UInt32((s >> 32) & Vector512.Create(0xFFFFUL)) - Vector256<uint>.One, lastCode);
                var code1 = Avx512F.ConvertToVector512UInt64(Avx2.GatherVector256(codeList, id1.AsInt32(), 4).AsUInt32());
                var code2 = Avx512F.ConvertToVector512UInt64(Avx2.GatherVector256(codeList, id2.AsInt32(), 4).AsUInt32());
                var h = ((code1 * multiplier1) + (code2 * multiplier2)) >> 32;
                var home = ((h * slotCount) >> 32).AsInt64();

                var free = Vector512.ConditionalSelect(full.AsInt64(), noneFree, index);
                free = Vector512.Max(free, Vector512.Shuffle(free, by1));
                free = Vector512.Max(free, Vector512.Shuffle(free, by2));
                free = Vector512.Max(free, Vector512.Shuffle(free, by4));
                free = Vector512.Max(free, carry); // each lane: the last free slot at or before it
                var unreachable = Vector512.LessThanOrEqual(home, free) | Vector512.GreaterThan(home, index);
                if ((full & (outOfRange | unreachable.AsUInt64())) != Vector512<ulong>.Zero)
                {
                    break;
                }

                count += BitOperations.PopCount(full.ExtractMostSignificantBits());
                carry = Vector512.Create(free.GetElement(7));
            }

            used = count;
            lastFree = (int)carry.GetElement(0);
            return k;
        }
    }

    private static string Problem(int i, bool outOfRange)
        => outOfRange ? $"has slot {i:N0} holding ids out of range" : $"has slot {i:N0} that its probe cannot reach";

    /// <summary>A slot before the first free one: the first free one, or a full one kept to check at the end (<c>false</c>: too many).</summary>
    private bool First(int i, bool full, int home, ref int firstFree)
    {
        if (!full)
        {
            firstFree = i;
            return true;
        }

        _wrapped.Add((i, home)); // reached from a home before it, or from the table's end
        if (_wrapped.Count > MaxWrappedRun)
        {
            _problem = $"has more than {MaxWrappedRun:N0} full slots in a row (not a table MedPayIQ writes)";
            return false;
        }

        return true;
    }

    /// <summary>What is wrong, once every slot was added, or <c>null</c>.</summary>
    public string? End(int count)
    {
        if (_problem is not null)
        {
            return _problem;
        }

        if (_used != count || _firstFree < 0 || count < 0 || _at != capacity)
        {
            return $"has {_used:N0} edits in {capacity:N0} slots where {count:N0} are recorded (and a free slot is needed)";
        }

        foreach (var (at, home) in _wrapped)
        {
            if (!(home > _lastFree || home <= at))
            {
                return $"has slot {at:N0} that its probe cannot reach";
            }
        }

        return null;
    }
}
