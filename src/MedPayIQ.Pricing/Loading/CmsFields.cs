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
        value = 0;
        s = Trim(s);
        if (s.IsEmpty)
        {
            return false;
        }

        long v = 0;
        int fraction = -1, digits = 0;
        foreach (byte c in s)
        {
            if (c == (byte)'.')
            {
                if (fraction >= 0)
                {
                    return false;
                }

                fraction = 0;
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            if (fraction >= 0 && ++fraction > scale)
            {
                return false;
            }

            v = (v * 10) + (c - '0');
            if (++digits > 15)
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
            v *= 10;
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

    public static HcpcsCode Hcpcs(ReadOnlySpan<byte> s, in FieldContext at)
    {
        s = Trim(s);
        if (HcpcsCode.TryParseUtf8(s, out var code))
        {
            return code;
        }

        // Excel turns 00100 into 100: restore the leading zeros of all-digit codes.
        if (s.Length is > 0 and < 5 && TryDigits(s, 5, out _))
        {
            Span<byte> padded = stackalloc byte[5];
            padded[..(5 - s.Length)].Fill((byte)'0');
            s.CopyTo(padded[(5 - s.Length)..]);
            if (HcpcsCode.TryParseUtf8(padded, out code))
            {
                return code;
            }
        }

        FeeScheduleThrow.Field(at, s, "expected a HCPCS code of five letters or digits");
        return default;
    }

    public static Modifier Modifier(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!Pricing.Modifier.TryParseUtf8(s, out var m))
        {
            FeeScheduleThrow.Field(at, s, "expected a blank or two-character modifier (26, TC, 53)");
        }

        return m;
    }

    public static StatusCode Status(ReadOnlySpan<byte> s, in FieldContext at)
    {
        var t = Trim(s);
        if (t.Length == 1)
        {
            switch ((char)t[0])
            {
                case 'A' or 'B' or 'C' or 'D' or 'E' or 'F' or 'G' or 'H' or 'I' or 'J' or 'M' or 'N' or 'P' or 'R' or 'T' or 'X':
                    return (StatusCode)t[0];
            }
        }

        FeeScheduleThrow.Field(at, s, "expected a status code (A, B, C, D, E, F, G, H, I, J, M, N, P, R, T or X)");
        return default;
    }

    public static bool Flag(ReadOnlySpan<byte> s, ReadOnlySpan<byte> set, in FieldContext at)
    {
        var t = Trim(s);
        if (t.IsEmpty)
        {
            return false;
        }

        if (t.SequenceEqual(set))
        {
            return true;
        }

        FeeScheduleThrow.Field(at, s, $"expected blank or '{System.Text.Encoding.ASCII.GetString(set)}'");
        return false;
    }

    /// <summary>A one-digit indicator whose allowed values are the digits of <paramref name="allowed"/>.</summary>
    public static byte Indicator(ReadOnlySpan<byte> s, string allowed, in FieldContext at)
    {
        var t = Trim(s);
        if (t.Length == 1 && allowed.Contains((char)t[0], StringComparison.Ordinal))
        {
            return (byte)(t[0] - '0');
        }

        FeeScheduleThrow.Field(at, s, $"expected one of {string.Join(", ", allowed.ToCharArray())}");
        return 0;
    }

    public static GlobalPeriod Global(ReadOnlySpan<byte> s, in FieldContext at)
    {
        var t = Trim(s);
        if (t.SequenceEqual("XXX"u8)) return GlobalPeriod.NotApplicable;
        if (t.SequenceEqual("000"u8) || t.SequenceEqual("0"u8)) return GlobalPeriod.Days0;
        if (t.SequenceEqual("010"u8) || t.SequenceEqual("10"u8)) return GlobalPeriod.Days10;
        if (t.SequenceEqual("090"u8) || t.SequenceEqual("90"u8)) return GlobalPeriod.Days90;
        if (t.SequenceEqual("MMM"u8)) return GlobalPeriod.Maternity;
        if (t.SequenceEqual("YYY"u8)) return GlobalPeriod.CarrierDetermined;
        if (t.SequenceEqual("ZZZ"u8)) return GlobalPeriod.AddOn;
        FeeScheduleThrow.Field(at, s, "expected a global period (000, 010, 090, MMM, XXX, YYY or ZZZ)");
        return default;
    }

    public static PhysicianSupervision Supervision(ReadOnlySpan<byte> s, in FieldContext at)
    {
        var t = Trim(s);
        if (t.Length == 2 && t[1] == (byte)'A' && (t[0] == (byte)'6' || t[0] == (byte)'7'))
        {
            return t[0] == (byte)'6' ? PhysicianSupervision.Level6A : PhysicianSupervision.Level7A;
        }

        if (TryDigits(t, 2, out int v) && v is (>= 1 and <= 6) or 9 or 21 or 22 or 66 or 77)
        {
            return (PhysicianSupervision)v;
        }

        FeeScheduleThrow.Field(at, s, "expected a supervision level (01-06, 09, 21, 22, 66, 6A, 77 or 7A)");
        return default;
    }

    public static DiagnosticImagingFamily ImagingFamily(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (TryDigits(s, 2, out int v) && v is (>= 1 and <= 11) or 88 or 99)
        {
            return (DiagnosticImagingFamily)v;
        }

        FeeScheduleThrow.Field(at, s, "expected a diagnostic imaging family (01-11, 88 or 99)");
        return default;
    }

    public static HcpcsCode OptionalHcpcs(ReadOnlySpan<byte> s, in FieldContext at)
        => Trim(s).IsEmpty ? HcpcsCode.None : Hcpcs(s, at);

    /// <summary>A share of the global package (0 to 1, two decimals), as hundredths.</summary>
    public static short Share(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!TryScaled(s, 2, out int v) || v > 100)
        {
            FeeScheduleThrow.Field(at, s, "expected a share between 0 and 1 with at most 2 decimals");
        }

        return (short)v;
    }
}
