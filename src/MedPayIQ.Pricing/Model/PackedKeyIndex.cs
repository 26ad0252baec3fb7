using System.Runtime.CompilerServices;

namespace MedPayIQ.Pricing;

/// <summary>
/// An immutable open-addressing hash index from packed keys (at most 44 bits) to row numbers (below 2^20): each slot
/// is one <see cref="ulong"/> holding the key and the row, built in one pass (no analysis, unlike a FrozenDictionary),
/// one cache line per probe, no allocation on lookup. 0 marks an empty slot (a stored slot always has a row + 1 &gt; 0).
/// </summary>
internal sealed class PackedKeyIndex
{
    private const int RowBits = 20;
    private const ulong RowMask = (1UL << RowBits) - 1;
    private readonly ulong[] _slots;
    private readonly int _shift;

    public PackedKeyIndex(ReadOnlySpan<long> keys)
    {
        if (keys.Length >= (1 << RowBits))
        {
            throw new ArgumentOutOfRangeException(nameof(keys), keys.Length, "An index holds fewer than 1,048,576 rows.");
        }

        // Load factor at most 0.75: a probe rarely goes past the first slot.
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keys.Length + (keys.Length / 3) + 1));
        _slots = new ulong[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        int mask = size - 1;
        for (int row = 0; row < keys.Length; row++)
        {
            ulong key = (ulong)keys[row];
            if (key >> (64 - RowBits) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(keys), "A packed key has at most 44 bits.");
            }

            int i = Hash(key);
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = (key << RowBits) | (uint)(row + 1);
        }
    }

    // Multiplicative (Fibonacci) hashing: the top bits of key x 2^64/phi.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Hash(ulong key) => unchecked((int)((key * 0x9E3779B97F4A7C15UL) >> _shift));

    /// <summary>The row of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Hash((ulong)key);
        while (true)
        {
            ulong s = slots[i];
            if (s >> RowBits == (ulong)key)
            {
                return (int)(s & RowMask) - 1;
            }

            if (s == 0)
            {
                return -1;
            }

            i = (i + 1) & mask;
        }
    }
}
