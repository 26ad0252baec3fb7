using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MedPayIQ.Pricing;

/// <summary>
/// An immutable open-addressing hash index from packed 64-bit keys to row numbers: built in one pass (no analysis,
/// unlike a FrozenDictionary), one cache line per probe, no allocation on lookup. Key 0 is never used by the packed
/// keys (a real HCPCS code packs to at least 1), so it marks an empty slot.
/// </summary>
internal sealed class PackedKeyIndex
{
    private readonly Slot[] _slots;
    private readonly int _shift;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct Slot
    {
        public long Key;
        public int Row;
    }

    public PackedKeyIndex(ReadOnlySpan<long> keys)
    {
        // Load factor at most 0.75: a probe rarely goes past the first slot.
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keys.Length + (keys.Length / 3) + 1));
        int bits = System.Numerics.BitOperations.Log2((uint)size);
        _slots = new Slot[1 << bits];
        _shift = 64 - bits;
        int mask = _slots.Length - 1;
        for (int row = 0; row < keys.Length; row++)
        {
            long key = keys[row];
            int i = Hash(key);
            while (_slots[i].Key != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = new Slot { Key = key, Row = row };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Hash(long key) => unchecked((int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift)); // multiplicative (Fibonacci) hashing

    /// <summary>The row of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Hash(key);
        while (true)
        {
            ref Slot s = ref slots[i];
            if (s.Key == key)
            {
                return s.Row;
            }

            if (s.Key == 0)
            {
                return -1;
            }

            i = (i + 1) & mask;
        }
    }
}
