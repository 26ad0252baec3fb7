namespace MedPayIQ.Pricing.Tests;

/// <summary>CMS's own payment amount files are the oracle: the export reproduces them byte for byte.</summary>
public class PaymentAmountFileTests
{
    private static string[] Lines(string file)
        => [.. File.ReadAllText(TestData.Path(file)).Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("\"TRL", StringComparison.Ordinal))];

    private static (LocalityKey Locality, HcpcsCode Code, Modifier Modifier) KeyOf(string line)
    {
        var f = line.Split(',').Select(x => x.Trim('"')).ToArray();
        Assert.True(LocalityKey.TryCreate(f[1], f[2], out var key));
        return (key, HcpcsCode.Parse(f[3]), Modifier.Parse(f[4]));
    }

    [Fact]
    public void PFREV25C_76145_in_every_locality_is_reproduced_byte_for_byte_from_RVU25D()
    {
        var lines = Lines("PFREV25C.txt");
        Assert.Equal(109, lines.Length);
        foreach (var line in lines)
        {
            var (locality, code, modifier) = KeyOf(line);
            var row = Assert.Single(PaymentAmountFile.Rows(TestData.Rvu25D, locality), r => r.Hcpcs == code && r.Modifier == modifier);
            Assert.Equal(line, PaymentAmountFile.Format(row));
        }
    }

    [Fact]
    public void PFCA25A_sample_is_reproduced_byte_for_byte_from_RVU25A_with_nothing_missing_or_extra()
    {
        // The sample is 12 windows of consecutive lines of CMS's California file. In each window, the export must give
        // exactly the same lines: none missing (the same codes and modifiers) and none extra (the same statuses kept out).
        var lines = Lines("PFCA25A.sample.txt");
        Assert.Equal(1441, lines.Length);
        var exports = new Dictionary<LocalityKey, string[]>();
        int windows = 0, i = 0;
        while (i < lines.Length)
        {
            var (locality, _, _) = KeyOf(lines[i]);
            if (!exports.TryGetValue(locality, out var export))
            {
                export = exports[locality] = [.. PaymentAmountFile.Rows(TestData.Rvu25A, locality).Select(r => PaymentAmountFile.Format(r))];
            }

            int at = Array.IndexOf(export, lines[i]);
            Assert.True(at >= 0, $"line {i + 1} is not in the export: {lines[i]}");
            while (i < lines.Length && at < export.Length && export[at] == lines[i])
            {
                i++;
                at++;
            }

            windows++;
        }

        Assert.Equal(12, windows);
    }

    [Fact]
    public void OPPS_capped_imaging_rows_carry_the_cap_beside_the_uncapped_fee()
    {
        var rows = PaymentAmountFile.Rows(TestData.Rvu25D, LocalityKey.Parse("10112/00")).Where(r => r.Hcpcs == HcpcsCode.Parse("70496")).ToArray();
        var global = rows.Single(r => !r.Modifier.IsSome);
        Assert.True(global.OppsCapApplies);
        Assert.Equal(243.05m, global.NonFacilityAmount);   // rules.md D4: uncapped MPFS
        Assert.Equal(230.40m, global.OppsNonFacilityAmount); // = OPPSCAP_Oct.csv
        Assert.False(rows.Single(r => r.Modifier == Modifier.ProfessionalComponent).OppsCapApplies);
        var tc = rows.Single(r => r.Modifier == Modifier.TechnicalComponent);
        Assert.Equal((167.24m, 154.60m), (tc.NonFacilityAmount, tc.OppsNonFacilityAmount));
    }

    [Fact]
    public void Every_OPPSCAP_row_of_status_A_equals_the_exported_OPPS_amount()
    {
        // rules.md A11: the formula with the OPPS PE/MP columns reproduces all OPPSCAP amounts.
        var release = TestData.Rvu25D;
        int checkedRows = 0;
        foreach (var group in release.OppsCaps!.All.Where(c => c.Status == StatusCode.Active).GroupBy(c => c.Locality))
        {
            var export = PaymentAmountFile.Rows(release, group.Key).ToDictionary(r => (r.Hcpcs, r.Modifier));
            foreach (var cap in group)
            {
                var row = export[(cap.Hcpcs, cap.Modifier)];
                Assert.Equal((cap.NonFacilityPrice, cap.FacilityPrice), (row.OppsNonFacilityAmount, row.OppsFacilityAmount));
                checkedRows++;
            }
        }

        Assert.Equal(6_670, checkedRows);
    }

    [Fact]
    public void Written_file_has_CRLF_lines_and_no_trailer()
    {
        var writer = new StringWriter();
        PaymentAmountFile.Write(writer, PaymentAmountFile.Rows(TestData.Rvu25D, LocalityKey.Parse("01112/05")).Where(r => r.Hcpcs == HcpcsCode.Parse("76145")));
        Assert.Equal("\"2025\",\"01112\",\"05\",\"76145\",\"  \",\"0001339.81\",\"0001339.81\",\" \",\"3\",\"A\",\"0\",\"0000000.00\",\"0000000.00\",\"9\",\"0000000.00\",\"0000000.00\"\r\n", writer.ToString());
    }

    [Fact]
    public void Status_codes_not_paid_under_the_fee_schedule_are_left_out()
    {
        var rows = PaymentAmountFile.Rows(TestData.Rvu25D, LocalityKey.Parse("10112/00")).ToArray();
        Assert.All(rows, r => Assert.Contains(r.Status, new[] { StatusCode.Active, StatusCode.Injection, StatusCode.RestrictedCoverage }));
        Assert.DoesNotContain(rows, r => r.Hcpcs == HcpcsCode.Parse("G2000")); // status R without RVUs
        Assert.Contains(rows, r => r.Hcpcs == HcpcsCode.Parse("96523") && r.Status == StatusCode.Injection);
        Assert.Throws<ArgumentException>(() => PaymentAmountFile.Rows(TestData.Rvu25D, LocalityKey.Parse("99999/99")));
    }
}
