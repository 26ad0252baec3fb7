namespace MedPayIQ.Pricing;

/// <summary>ZIP5 file "RURAL INDICATOR": blank = urban, R = rural, B = super rural.</summary>
public enum RuralIndicator : byte
{
    /// <summary>Blank: urban.</summary>
    Urban = 0,
    /// <summary>R: rural.</summary>
    Rural = (byte)'R',
    /// <summary>B: super rural.</summary>
    SuperRural = (byte)'B',
}

/// <summary>One record of CMS's ZIP5 carrier-locality file: where a five-digit ZIP code is priced.</summary>
public readonly struct ZipLocality
{
    private readonly ushort _state;

    internal ZipLocality(int zip, ushort state, LocalityKey locality, RuralIndicator rural, bool plusFourRequired, int yearQuarter)
    {
        Zip = zip;
        _state = state;
        Locality = locality;
        Rural = rural;
        PlusFourRequired = plusFourRequired;
        YearQuarter = yearQuarter;
    }

    /// <summary>The ZIP code, 0 to 99999 (print with five digits).</summary>
    public int Zip { get; }

    /// <summary>Two-letter state code.</summary>
    public string State => string.Create(2, _state, static (s, v) => { s[0] = (char)(v >> 8); s[1] = (char)(v & 0xFF); });

    /// <summary>The carrier and pricing locality of the ZIP code.</summary>
    public LocalityKey Locality { get; }

    /// <summary>Urban, rural or super rural.</summary>
    public RuralIndicator Rural { get; }

    /// <summary>Whether the ZIP code spans localities and needs its +4 extension (the ZIP9 file) to be located exactly.</summary>
    public bool PlusFourRequired { get; }

    /// <summary>The file's year and quarter, YYYYQ (20254 = fourth quarter of 2025).</summary>
    public int YearQuarter { get; }
}

/// <summary>ZIP code to carrier/locality (CMS ZIP5 file). Lookup is an array index: constant time, no allocation.</summary>
public sealed class ZipLocalityTable
{
    private readonly ZipLocality[] _rows;
    private readonly ushort[] _rowByZip; // row index + 1; 0 = no record

    /// <summary>The table of a release loaded without a ZIP5 file.</summary>
    internal static ZipLocalityTable Empty { get; } = new([]);

    internal ZipLocalityTable(ZipLocality[] rows)
    {
        _rows = rows;
        _rowByZip = new ushort[100_000];
        for (int i = 0; i < rows.Length; i++)
        {
            _rowByZip[rows[i].Zip] = checked((ushort)(i + 1));
        }
    }

    /// <summary>The same rows (to attach where they were read from).</summary>
    internal ZipLocalityTable(ZipLocalityTable other)
    {
        _rows = other._rows;
        _rowByZip = other._rowByZip;
    }

    /// <summary>The file the table was read from, when it was read on its own (<see cref="FeeScheduleLoader.LoadZipCodes"/>); <c>null</c> otherwise.</summary>
    public SourceFile? Source { get; internal init; }

    /// <summary>Where the file was read from (a path), for provenance; empty when unknown.</summary>
    public string Origin { get; internal init; } = string.Empty;

    /// <summary>Number of ZIP codes in the file.</summary>
    public int Count => _rows.Length;

    /// <summary>Rows in file order.</summary>
    public System.Collections.Immutable.ImmutableArray<ZipLocality> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_rows);

    /// <summary>The record of a ZIP code given as a number (0 to 99999).</summary>
    public bool TryGet(int zip, out ZipLocality record)
    {
        if ((uint)zip < 100_000u && _rowByZip[zip] is var r and not 0)
        {
            record = _rows[r - 1];
            return true;
        }

        record = default;
        return false;
    }

    /// <summary>The record of a ZIP code given as text: five digits, or ZIP+4 (<c>12345-6789</c> or nine digits; only the first five are used).</summary>
    public bool TryGet(ReadOnlySpan<char> zip, out ZipLocality record)
    {
        record = default;
        zip = zip.Trim();
        if (zip.Length is not (5 or 9 or 10))
        {
            return false;
        }

        int value = 0;
        for (int i = 0; i < zip.Length; i++)
        {
            char c = zip[i];
            if (i == 5 && zip.Length == 10 && c == '-')
            {
                continue;
            }

            if (c is < '0' or > '9')
            {
                return false;
            }

            if (i < 5)
            {
                value = (value * 10) + (c - '0');
            }
        }

        return TryGet(value, out record);
    }
}
