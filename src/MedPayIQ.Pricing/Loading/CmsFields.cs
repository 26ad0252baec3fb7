using System.Runtime.CompilerServices;

namespace MedPayIQ.Pricing;

/// <summary>Parsers for the values of CMS files, from UTF-8 spans, without allocating. Each fails with a precise exception.</summary>
internal static class CmsFields
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && (s[a] == (byte)' ' || s[a] == (byte)'\t'))
        {
            a++;
        }

        while (b > a && (s[b - 1] == (byte)' ' || s[b - 1] == (byte)'\t'))
        {
            b--;
        }

        return s[a..b];
    }

    /// <summary>
    /// Parses a non-negative decimal with at most <paramref name="scale"/> decimals into an integer count of
    /// 10^-scale units: <c>"1.5"</c> at scale 2 is 150. Accepts <c>".50"</c> and Excel's trimmed zeros (<c>"0"</c>, <c>"1.5"</c>).
    /// </summary>
    public static bool TryScaled(ReadOnlySpan<byte> s, int scale, out int value)
    {
        // Fast path for the conversion factor's "dd.dddd".
        if (scale == 4 && s.Length == 7 && s[2] == (byte)'.')
        {
            uint a = unchecked((uint)(s[0] - '0')), b = unchecked((uint)(s[1] - '0')), c = unchecked((uint)(s[3] - '0'));
            uint d = unchecked((uint)(s[4] - '0')), e = unchecked((uint)(s[5] - '0')), f = unchecked((uint)(s[6] - '0'));
            if ((a | b | c | d | e | f) <= 9)
            {
                value = (int)((a * 100_000) + (b * 10_000) + (c * 1000) + (d * 100) + (e * 10) + f);
                return true;
            }
        }

        value = 0;
        s = TrimIfPadded(s);
        if (s.IsEmpty || s.Length > 16)
        {
            return false;
        }

        // At most 16 characters: at most 15 digits, so the running value cannot overflow a long.
        long v = 0;
        int fraction = -1, digits = 0;
        for (int i = 0; i < s.Length; i++)
        {
            uint d = unchecked((uint)(s[i] - '0'));
            if (d <= 9)
            {
                v = unchecked((v * 10) + d);
                digits++;
                if (fraction >= 0 && ++fraction > scale)
                {
                    return false;
                }
            }
            else if (s[i] == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        for (int f = Math.Max(fraction, 0); f < scale; f++)
        {
            v = unchecked(v * 10);
        }

        if (v > int.MaxValue)
        {
            return false;
        }

        value = (int)v;
        return true;
    }

    public static int Scaled(ReadOnlySpan<byte> s, int scale, in FieldContext at)
    {
        if (!TryScaled(s, scale, out int v))
        {
            FeeScheduleThrow.Field(at, s, scale == 0
                ? "expected a whole number"
                : $"expected a non-negative decimal number with at most {scale} decimals");
        }

        return v;
    }

    /// <summary>Whole number of at most <paramref name="maxDigits"/> digits (leading zeros may be missing).</summary>
    public static bool TryDigits(ReadOnlySpan<byte> s, int maxDigits, out int value)
    {
        value = 0;
        s = Trim(s);
        if (s.IsEmpty || s.Length > maxDigits)
        {
            return false;
        }

        foreach (byte c in s)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    internal const string ExpectedHcpcs = "expected a HCPCS code of five letters or digits";
    internal const string ExpectedModifier = "expected a blank or two-character modifier (26, TC, 53)";
    internal const string ExpectedStatus = "expected a status code (A, B, C, D, E, F, G, H, I, J, M, N, P, R, T or X)";

    public static HcpcsCode Hcpcs(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!TryHcpcs(s, out var code))
        {
            FeeScheduleThrow.Field(at, Trim(s), ExpectedHcpcs);
        }

        return code;
    }

    public static Modifier Modifier(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!Pricing.Modifier.TryParseUtf8(s, out var m))
        {
            FeeScheduleThrow.Field(at, s, ExpectedModifier);
        }

        return m;
    }

    public static StatusCode Status(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!TryStatus(s, out var status))
        {
            FeeScheduleThrow.Field(at, s, ExpectedStatus);
        }

        return status;
    }

    // ---- Hot-path Try parsers used by the RVU readers: no trimming unless the field is padded, no allocation. ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> TrimIfPadded(ReadOnlySpan<byte> s)
        => s.IsEmpty || (s[0] != (byte)' ' && s[^1] != (byte)' ') ? s : Trim(s);

    /// <summary>An RVU: digits, an optional point and at most two decimals, as hundredths. Fast path for CMS's d.dd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRvu(ReadOnlySpan<byte> s, out int value)
    {
        // Fast path: "d.dd" and "dd.dd", the forms of nearly every CMS value.
        if (s.Length is 4 or 5 && s[^3] == (byte)'.')
        {
            uint d1 = unchecked((uint)(s[^1] - '0')), d2 = unchecked((uint)(s[^2] - '0')), i1 = unchecked((uint)(s[^4] - '0'));
            uint i2 = s.Length == 5 ? unchecked((uint)(s[0] - '0')) : 0;
            if ((d1 | d2 | i1 | i2) <= 9)
            {
                value = (int)((i2 * 1000) + (i1 * 100) + (d2 * 10) + d1);
                return true;
            }
        }

        return TryScaled(s, 2, out value);
    }

    public static bool TryShare(ReadOnlySpan<byte> s, out short value)
    {
        bool ok = TryRvu(s, out int v) && v <= 100;
        value = ok ? (short)v : (short)0;
        return ok;
    }

    public static bool TryHcpcs(ReadOnlySpan<byte> s, out HcpcsCode code)
    {
        if (HcpcsCode.TryParseUtf8(s, out code))
        {
            return true;
        }

        s = Trim(s);
        if (HcpcsCode.TryParseUtf8(s, out code))
        {
            return true;
        }

        // Excel turns 00100 into 100: restore the leading zeros of all-digit codes.
        if (s.Length is > 0 and < 5 && TryDigits(s, 5, out _))
        {
            Span<byte> padded = stackalloc byte[5];
            padded[..(5 - s.Length)].Fill((byte)'0');
            s.CopyTo(padded[(5 - s.Length)..]);
            return HcpcsCode.TryParseUtf8(padded, out code);
        }

        return false;
    }

    public static bool TryOptionalHcpcs(ReadOnlySpan<byte> s, out HcpcsCode code)
    {
        code = default;
        return TrimIfPadded(s).IsEmpty || TryHcpcs(s, out code);
    }

    public static bool TryStatus(ReadOnlySpan<byte> s, out StatusCode status)
    {
        s = TrimIfPadded(s);
        status = default;
        if (s.Length != 1)
        {
            return false;
        }

        switch (s[0])
        {
            case (byte)'A' or (byte)'B' or (byte)'C' or (byte)'D' or (byte)'E' or (byte)'F' or (byte)'G' or (byte)'H'
                or (byte)'I' or (byte)'J' or (byte)'M' or (byte)'N' or (byte)'P' or (byte)'R' or (byte)'T' or (byte)'X':
                status = (StatusCode)s[0];
                return true;
            default:
                return false;
        }
    }

    /// <summary>Blank, or the one- or two-character marker (<c>+</c>, <c>NA</c>) that sets <paramref name="flag"/>.</summary>
    public static bool TryFlag(ReadOnlySpan<byte> s, byte c0, byte c1, ref RvuFlags flags, RvuFlags flag)
    {
        s = TrimIfPadded(s);
        if (s.IsEmpty)
        {
            return true;
        }

        if (c1 == 0 ? s.Length == 1 && s[0] == c0 : s.Length == 2 && s[0] == c0 && s[1] == c1)
        {
            flags |= flag;
            return true;
        }

        return false;
    }

    /// <summary>One digit whose bit is set in <paramref name="allowedDigits"/> (bit n = digit n allowed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryIndicator(ReadOnlySpan<byte> s, int allowedDigits, out byte value)
    {
        s = TrimIfPadded(s);
        uint d = s.Length == 1 ? unchecked((uint)(s[0] - '0')) : 99u;
        value = unchecked((byte)d); // a character below '0' wraps d past a byte: the check below refuses it
        return d <= 9 && ((allowedDigits >> (int)d) & 1) != 0;
    }

    public static bool TryGlobal(ReadOnlySpan<byte> s, out GlobalPeriod period)
    {
        s = TrimIfPadded(s);
        period = s switch
        {
            [(byte)'X', (byte)'X', (byte)'X'] => GlobalPeriod.NotApplicable,
            [(byte)'0', (byte)'0', (byte)'0'] or [(byte)'0'] => GlobalPeriod.Days0,
            [(byte)'0', (byte)'1', (byte)'0'] or [(byte)'1', (byte)'0'] => GlobalPeriod.Days10,
            [(byte)'0', (byte)'9', (byte)'0'] or [(byte)'9', (byte)'0'] => GlobalPeriod.Days90,
            [(byte)'M', (byte)'M', (byte)'M'] => GlobalPeriod.Maternity,
            [(byte)'Y', (byte)'Y', (byte)'Y'] => GlobalPeriod.CarrierDetermined,
            [(byte)'Z', (byte)'Z', (byte)'Z'] => GlobalPeriod.AddOn,
            _ => default,
        };
        return period != default;
    }

    public static bool TrySupervision(ReadOnlySpan<byte> s, out PhysicianSupervision level)
    {
        if (s is [(byte)'0', (byte)'9'])
        {
            level = PhysicianSupervision.NotApplicable; // 18,038 of 19,090 rows
            return true;
        }

        s = TrimIfPadded(s);
        level = default;
        if (s.Length == 2 && s[1] == (byte)'A' && (s[0] == (byte)'6' || s[0] == (byte)'7'))
        {
            level = s[0] == (byte)'6' ? PhysicianSupervision.Level6A : PhysicianSupervision.Level7A;
            return true;
        }

        if (TryDigits(s, 2, out int v) && v is (>= 1 and <= 6) or 9 or 21 or 22 or 66 or 77)
        {
            level = (PhysicianSupervision)v;
            return true;
        }

        return false;
    }

    public static bool TryImagingFamily(ReadOnlySpan<byte> s, out DiagnosticImagingFamily family)
    {
        if (s is [(byte)'9', (byte)'9'])
        {
            family = DiagnosticImagingFamily.NotApplicable;
            return true;
        }

        bool ok = TryDigits(s, 2, out int v) && v is (>= 1 and <= 11) or 88 or 99;
        family = ok ? (DiagnosticImagingFamily)v : default;
        return ok;
    }
}
