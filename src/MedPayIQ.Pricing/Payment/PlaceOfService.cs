using System.Diagnostics.CodeAnalysis;

namespace MedPayIQ.Pricing;

/// <summary>Which practice expense RVUs price a service: non-facility (office) or facility (hospital, ASC, SNF...).</summary>
public enum PricingSetting
{
    /// <summary>Non-facility PE RVUs: office and other non-institutional settings.</summary>
    NonFacility,
    /// <summary>Facility PE RVUs: hospital, ASC, SNF and the other facility places of service.</summary>
    Facility,
}

/// <summary>
/// A CMS place of service code (two digits, 01-99) and the setting it is priced in. Facility: 02 (telehealth other
/// than the patient's home), 19, 21, 22, 23, 24, 31, 34, 41, 42, 51, 52, 53, 56 and 61 (Claims Processing Manual
/// chapter 12, section 20.4.2, and later CMS instructions); every other code, including 10 (telehealth in the
/// patient's home, from 2024), is non-facility.
/// </summary>
public readonly struct PlaceOfService : IEquatable<PlaceOfService>
{
    private static readonly ulong FacilityCodes =
        Bit(2) | Bit(19) | Bit(21) | Bit(22) | Bit(23) | Bit(24) | Bit(31) | Bit(34) | Bit(41) | Bit(42) | Bit(51) | Bit(52) | Bit(53) | Bit(56) | Bit(61);

    private readonly byte _code;

    private PlaceOfService(byte code) => _code = code;

    private static ulong Bit(int code) => 1UL << code;

    /// <summary>The code, 1 to 99.</summary>
    public int Code => _code;

    /// <summary>The setting the code is priced in.</summary>
    public PricingSetting Setting => _code < 64 && (FacilityCodes & Bit(_code)) != 0 ? PricingSetting.Facility : PricingSetting.NonFacility;

    /// <summary>Tries to parse one or two digits (<c>"11"</c>, <c>"2"</c>), 1 to 99.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PlaceOfService placeOfService)
    {
        placeOfService = default;
        var s = text.AsSpan().Trim();
        if (s.Length is < 1 or > 2 || !char.IsAsciiDigit(s[0]) || (s.Length == 2 && !char.IsAsciiDigit(s[1])))
        {
            return false;
        }

        int code = s.Length == 1 ? s[0] - '0' : ((s[0] - '0') * 10) + (s[1] - '0');
        if (code == 0)
        {
            return false;
        }

        placeOfService = new PlaceOfService((byte)code);
        return true;
    }

    /// <summary>Parses a place of service code; throws <see cref="FormatException"/> when it is not 01-99.</summary>
    public static PlaceOfService Parse(string text)
        => TryParse(text, out var pos) ? pos : throw new FormatException("A place of service is a two-digit code from 01 to 99, such as 11 or 22.");

    /// <summary>The two-digit code.</summary>
    public override string ToString() => _code.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(PlaceOfService other) => _code == other._code;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PlaceOfService other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _code;

    /// <summary>Equality.</summary>
    public static bool operator ==(PlaceOfService left, PlaceOfService right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PlaceOfService left, PlaceOfService right) => !left.Equals(right);
}

/// <summary>How a <see cref="PricingLocation"/> is given.</summary>
public enum PricingLocationKind
{
    /// <summary>National amounts: every GPCI taken as 1.000.</summary>
    National,
    /// <summary>A carrier/locality.</summary>
    Locality,
    /// <summary>A ZIP code, located through the release's ZIP5 file.</summary>
    Zip,
}

/// <summary>Where a service is priced: nationally (every GPCI 1.000), in a carrier/locality, or at a ZIP code.</summary>
public readonly struct PricingLocation
{
    private PricingLocation(PricingLocationKind kind, LocalityKey locality, int zip)
    {
        Kind = kind;
        Locality = locality;
        Zip = zip;
    }

    /// <summary>National amounts: every GPCI taken as 1.000.</summary>
    public static PricingLocation National => default;

    /// <summary>A carrier/locality.</summary>
    public static PricingLocation Of(LocalityKey locality)
        => locality.IsSome ? new(PricingLocationKind.Locality, locality, 0) : throw new ArgumentException("A locality is required.", nameof(locality));

    /// <summary>A ZIP code: five digits, or ZIP+4 (only the first five are used).</summary>
    /// <exception cref="FormatException">Not a ZIP code.</exception>
    public static PricingLocation OfZip(string zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var s = zip.AsSpan().Trim();
        bool shape = s.Length == 5 || s.Length == 9 || (s.Length == 10 && s[5] == '-');
        if (!shape || !int.TryParse(s[..5], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value))
        {
            throw new FormatException("A ZIP code is five digits, or ZIP+4 (12345-6789).");
        }

        return new PricingLocation(PricingLocationKind.Zip, default, value);
    }

    /// <summary>How the location is given.</summary>
    public PricingLocationKind Kind { get; }

    /// <summary>The carrier/locality, for <see cref="PricingLocationKind.Locality"/>.</summary>
    public LocalityKey Locality { get; }

    /// <summary>The five-digit ZIP code as a number, for <see cref="PricingLocationKind.Zip"/>.</summary>
    public int Zip { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        PricingLocationKind.Locality => Locality.ToString(),
        PricingLocationKind.Zip => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ZIP {Zip:D5}"),
        _ => "national",
    };
}
