using System.Runtime.CompilerServices;

namespace MedPayIQ.Ncci;

/// <summary>
/// Checks a table's hash slots in order, a block at a time (a snapshot's are checked as they are read, never held
/// whole): every id in range, the edits counted, and every edit reachable from its home slot with no free slot
/// between (cyclically: the slots before the first free one are checked at the end, with the ones after the last).
/// </summary>
internal sealed class SlotCheck(int capacity, int codes, int days, int rationales)
{
    private const int MaxWrappedRun = 1 << 20;
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

        uint codeCount = (uint)codes, dayCount = (uint)days, rationaleCount = (uint)rationales;
        int slotCount = capacity;
        unchecked // no arithmetic here can overflow (a slot index is below the capacity); the checks cost registers
        {
            for (int k = 0; k < block.Length; k++)
            {
                // Branch-free but for the rare cases (a problem, the slots before the first free one): a quarter of
                // the slots are free, at random, and a branch on it would be mispredicted every few slots.
                ulong s = block[k];
                int i = at + k;
                bool full = s != 0;
                bool outOfRange = ((uint)(s >> 48) - 1 >= codeCount) | ((uint)((s >> 32) & 0xFFFF) - 1 >= codeCount) | ((uint)((s >> 20) & 0xFFF) >= dayCount)
                    | ((uint)((s >> 8) & 0xFFF) >= dayCount) | ((s & (3UL << 6)) == 3UL << 6) | ((uint)(s & 31) >= rationaleCount);
                int home = PtpTable.Home((uint)(s >> 32), slotCount);
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
