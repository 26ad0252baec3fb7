using System.Globalization;

namespace MedPayIQ.Pricing.Tests;

/// <summary>GPCI, LOCCO, ANES, OPPSCAP and ZIP5 golden tests on the packaged CMS files.</summary>
public class LocalityDataTests
{
    [Fact]
    public void Gpci_2025_has_109_localities_with_floors_and_footnotes()
    {
        var gpci = TestData.Rvu25D.Localities;
        Assert.Equal(2025, gpci.Year);
        Assert.Equal(109, gpci.Count);
        Assert.True(gpci.TryGet(LocalityKey.Parse("02102/01"), out var alaska));
        Assert.Equal("AK", alaska.State);
        Assert.Equal("ALASKA", alaska.Name);
        Assert.Equal(1.5m, alaska.WorkGpci);
        Assert.Equal(1.081m, alaska.PracticeExpenseGpci);
        Assert.Equal(0.592m, alaska.MalpracticeGpci);
        Assert.Contains(alaska.Notes, n => n.Contains("1.5 floor", StringComparison.Ordinal));
        Assert.True(gpci.TryGet(LocalityKey.Parse("03602/21"), out var wyoming));
        Assert.Single(wyoming.Notes);
        Assert.Contains("frontier", wyoming.Notes[0], StringComparison.Ordinal);
        Assert.True(gpci.TryGet(LocalityKey.Parse("10112/00"), out var alabama));
        Assert.Equal(1m, alabama.WorkGpci);
        Assert.Empty(alabama.Notes);
    }

    [Fact]
    public void Gpci_2026_has_the_same_109_keys_with_2026_values()
    {
        var g25 = TestData.Rvu25D.Localities;
        var g26 = TestData.Rvu26C.Localities;
        Assert.Equal(2026, g26.Year);
        Assert.Equal(g25.Rows.Select(l => l.Key).Order(), g26.Rows.Select(l => l.Key).Order());
        Assert.True(g26.TryGet(LocalityKey.Parse("11402/16"), out var wv));
        Assert.Equal(1.431m, wv.MalpracticeGpci);
    }

    [Fact]
    public void California_southern_localities_resolve_under_both_carriers()
    {
        var gpci = TestData.Rvu25D.Localities;
        Assert.True(gpci.TryGet(LocalityKey.Parse("01112/17"), out var viaNorth));
        Assert.True(gpci.TryGet(LocalityKey.Parse("01182/17"), out var own));
        Assert.Same(own, viaNorth);
        Assert.Equal(115, gpci.PricedKeys.Count()); // the 115 carrier/locality pairs of OPPSCAP
        Assert.Equal(TestData.Rvu25D.OppsCaps.Rows.Select(r => r.Locality).Distinct().Order(), gpci.PricedKeys);
        Assert.False(gpci.TryGet(LocalityKey.Parse("13282/01"), out _));
        Assert.False(gpci.TryGet(LocalityKey.Parse("01112/99"), out _));
    }

    [Fact]
    public void Every_locality_of_PFREV25C_is_found_and_its_76145_amount_reproduced_from_RVUs_and_GPCIs()
    {
        // PFREV25C: CMS's own 76145 amounts in every 2025 carrier/locality (the fee-schedule core only looks them
        // up; the formula here is the RVU readme's, rounded once half away from zero).
        var release = TestData.Rvu25D;
        Assert.True(release.Rvus.TryGet("76145", "", out var e));
        int rows = 0;
        foreach (var line in File.ReadLines(TestData.Path("PFREV25C.txt")).Where(l => !l.StartsWith("\"TRL", StringComparison.Ordinal)))
        {
            var f = line.Split(',').Select(x => x.Trim('"')).ToArray();
            Assert.True(LocalityKey.TryCreate(f[1], f[2], out var key));
            Assert.True(release.Localities.TryGet(key, out var loc), $"locality {key}");
            decimal nf = Math.Round(((e.WorkRvu * loc.WorkGpci) + (e.NonFacilityPracticeExpenseRvu * loc.PracticeExpenseGpci) + (e.MalpracticeRvu * loc.MalpracticeGpci)) * release.ConversionFactor, 2, MidpointRounding.AwayFromZero);
            decimal fac = Math.Round(((e.WorkRvu * loc.WorkGpci) + (e.FacilityPracticeExpenseRvu * loc.PracticeExpenseGpci) + (e.MalpracticeRvu * loc.MalpracticeGpci)) * release.ConversionFactor, 2, MidpointRounding.AwayFromZero);
            Assert.Equal(decimal.Parse(f[5], CultureInfo.InvariantCulture), nf);
            Assert.Equal(decimal.Parse(f[6], CultureInfo.InvariantCulture), fac);
            Assert.Equal(((int)e.PcTc).ToString(CultureInfo.InvariantCulture), f[8]);
            Assert.Equal(((char)e.Status).ToString(), f[9]);
            rows++;
        }

        Assert.Equal(109, rows);
    }

    [Fact]
    public void Locality_county_crosswalk_restores_zeros_and_carries_states_down()
    {
        var locco = TestData.Rvu25D.Counties;
        var alabama = Assert.Single(locco.Get(LocalityKey.Parse("10112/00")).ToArray());
        Assert.Equal("ALABAMA", alabama.State);
        Assert.Equal("ALL COUNTIES", alabama.Counties);
        var marin = Assert.Single(locco.Get(LocalityKey.Parse("01112/52")).ToArray());
        Assert.Equal("CALIFORNIA", marin.State);
        Assert.Equal("MARIN", marin.Counties);
        var suburban = Assert.Single(locco.Get(LocalityKey.Parse("06102/15")).ToArray());
        Assert.Equal("DUPAGE, KANE, LAKE AND WILL", suburban.Counties);
        Assert.Contains(locco.Notes, n => n.Contains("two carriers", StringComparison.Ordinal));
        Assert.All(TestData.Rvu25D.Localities.Rows, l => Assert.False(locco.Get(l.Key).IsEmpty, $"{l.Key} has counties"));
    }

    [Fact]
    public void Anesthesia_conversion_factors_2025()
    {
        var anes = TestData.Rvu25D.Anesthesia;
        Assert.Equal(20.3178m, anes.National);
        Assert.Equal(109, anes.Rows.Length);
        Assert.True(anes.TryGet(LocalityKey.Parse("10112/00"), out var al));
        Assert.Equal(19.31m, al);
        Assert.True(anes.TryGet(LocalityKey.Parse("02102/01"), out var ak));
        Assert.Equal(27.86m, ak);
        Assert.Equal((0, (decimal?)null), (TestData.Rvu26C.Anesthesia.Count, TestData.Rvu26C.Anesthesia.National)); // the 2026 ANES file is not packaged: an empty table, no national factor
    }

    [Fact]
    public void Opps_caps_2025()
    {
        var caps = TestData.Rvu25D.OppsCaps;
        Assert.Equal(16_100, caps.Count);
        Assert.True(caps.TryGet(HcpcsCode.Parse("70496"), Modifier.None, LocalityKey.Parse("10112/00"), out var cta));
        Assert.Equal(230.40m, cta.FacilityPrice);
        Assert.Equal(230.40m, cta.NonFacilityPrice);
        Assert.True(caps.TryGet(HcpcsCode.Parse("70496"), Modifier.TechnicalComponent, LocalityKey.Parse("10112/00"), out var tc));
        Assert.Equal(154.60m, tc.NonFacilityPrice);
        Assert.True(caps.TryGet(HcpcsCode.Parse("0633T"), Modifier.TechnicalComponent, LocalityKey.Parse("01112/05"), out var c));
        Assert.Equal(StatusCode.CarrierPriced, c.Status);
        Assert.Equal(150.69m, c.FacilityPrice);
        Assert.False(caps.Lists(HcpcsCode.Parse("77321"), Modifier.None));
        Assert.Equal(77, caps.Rows.Select(r => r.Hcpcs).Distinct().Count());
        Assert.Equal(115, caps.Rows.Select(r => r.Locality).Distinct().Count());
    }

    [Theory]
    [InlineData("99501", "02102/01", RuralIndicator.Urban)]
    [InlineData("90210", "01182/18", RuralIndicator.Urban)]
    [InlineData("10001", "13202/01", RuralIndicator.Urban)]
    [InlineData("10001-1234", "13202/01", RuralIndicator.Urban)]
    public void Zip_codes_map_to_their_pricing_locality(string zip, string locality, RuralIndicator rural)
    {
        var zips = TestData.Rvu25D.Zips;
        Assert.Equal(42_956, zips.Count);
        Assert.True(zips.TryGet(zip, out var z));
        Assert.Equal(LocalityKey.Parse(locality), z.Locality);
        Assert.Equal(rural, z.Rural);
        Assert.Equal(20254, z.YearQuarter);
        Assert.True(TestData.Rvu25D.Localities.TryGet(z.Locality, out _));
    }

    [Fact]
    public void Every_zip_code_maps_to_a_priced_locality_and_rural_flags_are_counted()
    {
        var release = TestData.Rvu25D;
        int rural = 0, superRural = 0, plusFour = 0;
        for (int zip = 0; zip < 100_000; zip++)
        {
            if (release.Zips.TryGet(zip, out var z))
            {
                Assert.True(release.Localities.TryGet(z.Locality, out _), $"{zip:D5} -> {z.Locality}");
                rural += z.Rural == RuralIndicator.Rural ? 1 : 0;
                superRural += z.Rural == RuralIndicator.SuperRural ? 1 : 0;
                plusFour += z.PlusFourRequired ? 1 : 0;
            }
        }

        Assert.Equal(11_633, rural);
        Assert.Equal(7_830, superRural);
        Assert.Equal(580, plusFour);
        Assert.False(release.Zips.TryGet("ABCDE", out _));
        Assert.False(release.Zips.TryGet("1234", out _));
    }
}
