using System.Globalization;

namespace MedPayIQ.Insights;

/// <summary>How insights write figures: invariant culture, dollars to the cent, rates as percents.</summary>
internal static class InsightText
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Usd(decimal amount) => string.Create(Inv, $"${amount:N2}");

    /// <summary>A share as a percent, as CMS writes it: 0.5 is <c>50%</c>, 0.625 is <c>62.5%</c>, 1.5 is <c>150%</c>.</summary>
    public static string Percent(decimal share) => string.Create(Inv, $"{share * 100m:0.##}%");

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Inv);

    public static string Setting(PricingSetting s, bool capital = false)
        => s == PricingSetting.Facility ? (capital ? "Facility" : "facility") : (capital ? "Non-facility" : "non-facility");

    public static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Up to 15 codes, then how many more.</summary>
    public static string List(IReadOnlyList<HcpcsCode> codes)
        => codes.Count <= 15 ? string.Join(", ", codes) : $"{string.Join(", ", codes.Take(15))} and {codes.Count - 15} more";
}
