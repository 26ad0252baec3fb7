using System.Collections.Frozen;

namespace MedPayIQ.Pricing;

/// <summary>
/// Where each code's rows start in a schedule's rows (the rows of a code are together, in the file's order), with a
/// <see cref="CodePrefixFilter"/> that answers "not listed" for most codes without the hash lookup. Immutable.
/// </summary>
internal sealed class FirstRowIndex
{
    private readonly FrozenDictionary<int, int> _first;
    private readonly CodePrefixFilter _filter;

    private FirstRowIndex(FrozenDictionary<int, int> first)
    {
        _first = first;
        _filter = CodePrefixFilter.Of(first.Keys);
    }

    /// <summary>Each code's first row.</summary>
    public static FirstRowIndex Of<T>(ReadOnlySpan<T> rows, Func<T, HcpcsCode> code)
    {
        var first = new Dictionary<int, int>();
        for (int i = rows.Length - 1; i >= 0; i--)
        {
            first[code(rows[i]).PackedValue] = i;
        }

        return new FirstRowIndex(first.ToFrozenDictionary());
    }

    /// <summary>How many codes the schedule lists.</summary>
    public int Count => _first.Count;

    /// <summary>Whether the schedule lists the code.</summary>
    public bool Contains(HcpcsCode code) => _filter.MayList(code) && _first.ContainsKey(code.PackedValue);

    /// <summary>The code's first row.</summary>
    public bool TryGetValue(HcpcsCode code, out int row)
    {
        if (!_filter.MayList(code))
        {
            row = -1;
            return false;
        }

        return _first.TryGetValue(code.PackedValue, out row);
    }
}

/// <summary>
/// A bit for every three-character code prefix (36^3 of them) a set of codes uses: a code whose prefix has no bit is
/// not in the set, found with one load instead of a hash lookup. A schedule of lab tests, supplies or drugs shares
/// few prefixes with the services of a physician's claim. Immutable.
/// </summary>
internal readonly struct CodePrefixFilter
{
    private const int Prefixes = 36 * 36 * 36;
    private const int PerPrefix = 36 * 36; // packed values that share the first three characters

    private readonly ulong[] _bits;

    private CodePrefixFilter(ulong[] bits) => _bits = bits;

    /// <summary>The filter of a set of packed codes (<see cref="HcpcsCode.PackedValue"/>).</summary>
    public static CodePrefixFilter Of(IEnumerable<int> packedCodes)
    {
        var bits = new ulong[Prefixes / 64 + 1];
        foreach (int packed in packedCodes)
        {
            if (packed > 0)
            {
                int prefix = (packed - 1) / PerPrefix;
                bits[prefix >> 6] |= 1UL << prefix;
            }
        }

        return new CodePrefixFilter(bits);
    }

    /// <summary>Whether the set may hold the code (false: it does not).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayList(HcpcsCode code)
    {
        int packed = code.PackedValue;
        if (packed <= 0)
        {
            return false;
        }

        uint prefix = (uint)(packed - 1) / PerPrefix;
        var bits = _bits;
        return (prefix >> 6) < (uint)bits.Length && (bits[prefix >> 6] & (1UL << (int)prefix)) != 0;
    }
}
