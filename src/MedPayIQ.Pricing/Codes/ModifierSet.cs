using System.Diagnostics.CodeAnalysis;

namespace MedPayIQ.Pricing;

/// <summary>
/// The modifiers of one claim line, at most four (the CMS-1500 and 837P limit), in the order billed, packed into 64
/// bits. <c>default</c> is the empty set. A modifier appears at most once.
/// </summary>
public readonly struct ModifierSet : IEquatable<ModifierSet>
{
    /// <summary>The most modifiers a claim line carries.</summary>
    public const int Capacity = 4;

    private const int Bits = 16;
    private readonly ulong _packed; // slot i in bits 16i..16i+15; 0 = empty; filled slots first

    private ModifierSet(ulong packed) => _packed = packed;

    /// <summary>No modifiers.</summary>
    public static ModifierSet Empty => default;

    /// <summary>The number of modifiers, 0 to 4.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            for (ulong p = _packed; p != 0; p >>= Bits)
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>The modifier in position <paramref name="index"/> (0-based, in billed order).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No modifier in that position.</exception>
    public Modifier this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return new Modifier(unchecked((ushort)(_packed >> (index * Bits))));
        }
    }

    /// <summary>Creates a set from up to four modifiers in billed order; <see cref="Modifier.None"/> entries are skipped.</summary>
    /// <exception cref="ArgumentException">More than four modifiers, or one of them twice.</exception>
    public static ModifierSet Of(params ReadOnlySpan<Modifier> modifiers)
    {
        var set = default(ModifierSet);
        foreach (var m in modifiers)
        {
            if (m.IsSome)
            {
                set = set.Add(m);
            }
        }

        return set;
    }

    /// <summary>This set with one more modifier at the end.</summary>
    /// <exception cref="ArgumentException">The set is full, the modifier is already in it, or it is <see cref="Modifier.None"/>.</exception>
    public ModifierSet Add(Modifier modifier)
    {
        if (!modifier.IsSome)
        {
            throw new ArgumentException("A modifier is required.", nameof(modifier));
        }

        if (Contains(modifier))
        {
            throw new ArgumentException($"Modifier {modifier} appears twice on the line.", nameof(modifier));
        }

        int n = Count;
        if (n == Capacity)
        {
            throw new ArgumentException($"A claim line carries at most {Capacity} modifiers.", nameof(modifier));
        }

        return new ModifierSet(_packed | ((ulong)modifier.Packed << (n * Bits)));
    }

    /// <summary>Whether the set holds <paramref name="modifier"/>.</summary>
    public bool Contains(Modifier modifier)
    {
        if (!modifier.IsSome)
        {
            return false;
        }

        for (ulong p = _packed; p != 0; p >>= Bits)
        {
            if (unchecked((ushort)p) == modifier.Packed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Tries to parse up to four modifiers separated by commas, spaces, hyphens or nothing: <c>"26"</c>,
    /// <c>"80,50"</c>, <c>"RT 59"</c>, <c>"8050"</c>. Blank text is the empty set.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModifierSet modifiers)
    {
        modifiers = default;
        if (text is null)
        {
            return false;
        }

        return TryParse(text.AsSpan(), out modifiers);
    }

    /// <inheritdoc cref="TryParse(string?, out ModifierSet)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out ModifierSet modifiers) => TryParseCore(text, out modifiers);

    /// <summary>
    /// Tries to parse modifiers from UTF-8 (ASCII) bytes, as read from a file without decoding them: the same answers as
    /// <see cref="TryParse(ReadOnlySpan{char}, out ModifierSet)"/> gives for the text (only ASCII text parses). Allocates nothing.
    /// </summary>
    /// <param name="text">The bytes of the modifiers.</param>
    /// <param name="modifiers">The modifiers, in billed order; empty when the text is blank or does not parse.</param>
    public static bool TryParseUtf8(ReadOnlySpan<byte> text, out ModifierSet modifiers) => TryParseCore(text, out modifiers);

    /// <summary>The parse of both forms: characters or bytes, each read as its code point (only ASCII parses).</summary>
    private static bool TryParseCore<T>(ReadOnlySpan<T> text, out ModifierSet modifiers)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        modifiers = default;
        var set = default(ModifierSet);
        int i = 0;
        while (i < text.Length)
        {
            uint c = uint.CreateTruncating(text[i]);
            if (c is ',' or ' ' or '-' or ';' or '|' or '\t')
            {
                i++;
                continue;
            }

            // Two letters or digits (a modifier's slice starts at a character that is not a separator, so a space in it
            // is never trimmed into a shorter modifier: the two must both be digits of base 36).
            uint a = Base36.Of(c), b = i + 1 < text.Length ? Base36.Of(uint.CreateTruncating(text[i + 1])) : 0xFFu;
            if (((a | b) & 0x80) != 0)
            {
                return false;
            }

            var m = Modifier.OfDigits(a, b);
            if (set.Contains(m) || set.Count == Capacity)
            {
                return false;
            }

            set = new ModifierSet(set._packed | ((ulong)m.Packed << (set.Count * Bits)));
            i += 2;
        }

        modifiers = set;
        return true;
    }

    /// <summary>Parses modifiers as <see cref="TryParse(string?, out ModifierSet)"/> does; throws <see cref="FormatException"/> otherwise.</summary>
    /// <example>
    /// <c>ModifierSet.Parse("80,50")</c> is an assistant at surgery on a bilateral procedure: the claim rules apply the
    /// bilateral adjustment first, then the assistant's 16 % (docs/pricing.md, order of the rules); billed order is kept.
    /// </example>
    public static ModifierSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var set)
            ? set
            : throw new FormatException("Modifiers are up to four distinct two-character codes separated by commas or spaces, such as \"80,50\".");
    }

    /// <summary>Enumerates the modifiers in billed order without allocating.</summary>
    public Enumerator GetEnumerator() => new(_packed);

    /// <summary>The modifiers separated by commas, such as <c>80,50</c>; empty for none.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[(Capacity * 3) - 1];
        int n = 0;
        foreach (var m in this)
        {
            if (n > 0)
            {
                buffer[n++] = ',';
            }

            m.TryFormat(buffer[n..], out int written);
            n += written;
        }

        return new string(buffer[..n]);
    }

    /// <inheritdoc/>
    public bool Equals(ModifierSet other) => _packed == other._packed;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ModifierSet other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _packed.GetHashCode();

    /// <summary>Equality: the same modifiers in the same order.</summary>
    public static bool operator ==(ModifierSet left, ModifierSet right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ModifierSet left, ModifierSet right) => !left.Equals(right);

    /// <summary>Enumerates a <see cref="ModifierSet"/>.</summary>
    public struct Enumerator
    {
        private ulong _rest;

        internal Enumerator(ulong packed)
        {
            _rest = packed;
            Current = default;
        }

        /// <summary>The current modifier.</summary>
        public Modifier Current { get; private set; }

        /// <summary>Moves to the next modifier.</summary>
        public bool MoveNext()
        {
            if (_rest == 0)
            {
                return false;
            }

            Current = new Modifier(unchecked((ushort)_rest));
            _rest >>= Bits;
            return true;
        }
    }
}
