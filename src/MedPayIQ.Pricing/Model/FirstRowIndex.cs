namespace MedPayIQ.Pricing;

/// <summary>Where each code's rows start in a schedule's rows (the rows of a code are together, in the file's order).</summary>
internal static class FirstRowIndex
{
    /// <summary>Each code's first row.</summary>
    public static System.Collections.Frozen.FrozenDictionary<int, int> Of<T>(ReadOnlySpan<T> rows, Func<T, HcpcsCode> code)
    {
        var first = new Dictionary<int, int>();
        for (int i = rows.Length - 1; i >= 0; i--)
        {
            first[code(rows[i]).PackedValue] = i;
        }

        return System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(first);
    }
}
