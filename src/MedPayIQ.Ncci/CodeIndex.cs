using System.Numerics;

namespace MedPayIQ.Ncci;

/// <summary>
/// A packed HCPCS code's id in a table's sorted code list: an open-addressing hash, at most half full, a code's first
/// slot the top bits of its Fibonacci hash (one multiply). A 2.1M-edit table's 12,329 codes take 256 KB: the probes
/// of a claim and the loader's rows find them in the cache. In memory only, never in a snapshot.
/// </summary>
internal readonly struct CodeIndex
{
    private readonly long[] _slots; // packed code << 16 | id; 0 = empty
    private readonly int _shift;    // 32 - log2 of the length

    /// <summary>The index of codes (sorted, distinct, at most 65,534: an id is 16 bits).</summary>
    public CodeIndex(ReadOnlySpan<int> codes)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, codes.Length * 2));
        _slots = new long[capacity];
        _shift = 32 - BitOperations.Log2((uint)capacity);
        int mask = capacity - 1;
        for (int id = 0; id < codes.Length; id++)
        {
            int i = Home(codes[id]);
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = ((long)codes[id] << 16) | (uint)id;
        }
    }

    /// <summary>The code's id, or -1 when the table does not hold it (or for 0, no code).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int Of(int packed)
    {
        unchecked // a probe's hot path: nothing here overflows
        {
            var slots = _slots;
            int mask = slots.Length - 1;
            int i = Home(packed);
            long s;
            while (packed != 0 && (s = slots[i]) != 0)
            {
                if ((int)(s >> 16) == packed)
                {
                    return (int)(s & 0xFFFF);
                }

                i = (i + 1) & mask;
            }

            return -1;
        }
    }

    private int Home(int packed) => (int)(unchecked((uint)packed * 0x9E3779B1u) >> _shift);
}
