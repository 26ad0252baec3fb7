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
        foreach (var group in release.OppsCaps.Rows.Where(c => c.Status == StatusCode.Active).GroupBy(c => c.Locality))
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

    private static PcfFlatVisitFee Pcf2025A()
    {
        using var reader = new StreamReader(TestData.Path("pcf-flat-visit-fee.pf25a.txt"));
        return PcfFlatVisitFee.Load(reader, "pcf-flat-visit-fee.pf25a.txt");
    }

    [Fact]
    public void PFVT25A_lines_with_the_PCF_flat_visit_fee_are_reproduced_byte_for_byte_when_the_fee_is_given()
    {
        // CMS's Vermont file (14512/50, release A): 26 codes at 39.88 in field 12 and 0 in field 13, the therapy codes
        // with their own two amounts, and neighbouring codes with zeros.
        var lines = Lines("PF25A.pcf-vermont.excerpt.txt");
        Assert.Equal(67, lines.Length);
        Assert.Equal(26, lines.Count(l => l.Contains("\"0000039.88\",\"0000000.00\",\"9\"", StringComparison.Ordinal)));
        var vermont = LocalityKey.Parse("14512/50");
        var export = PaymentAmountFile.Rows(TestData.Rvu25A, vermont, Pcf2025A()).ToDictionary(r => (r.Hcpcs, r.Modifier));
        foreach (var line in lines)
        {
            var (locality, code, modifier) = KeyOf(line);
            Assert.Equal(vermont, locality);
            Assert.Equal(line, PaymentAmountFile.Format(export[(code, modifier)]));
        }
    }

    [Fact]
    public void Without_the_fee_the_PCF_codes_differ_from_CMS_in_field_12_only_and_every_other_line_is_unchanged()
    {
        var vermont = LocalityKey.Parse("14512/50");
        var pcf = Pcf2025A();
        var without = PaymentAmountFile.Rows(TestData.Rvu25A, vermont).Select(r => PaymentAmountFile.Format(r)).ToArray();
        var withNull = PaymentAmountFile.Rows(TestData.Rvu25A, vermont, null).Select(r => PaymentAmountFile.Format(r)).ToArray();
        var with = PaymentAmountFile.Rows(TestData.Rvu25A, vermont, pcf).ToArray();
        Assert.Equal(without, withNull);
        Assert.Equal(without.Length, with.Length);
        int changed = 0;
        for (int i = 0; i < with.Length; i++)
        {
            var line = PaymentAmountFile.Format(with[i]);
            if (line == without[i])
            {
                continue;
            }

            changed++;
            Assert.Contains(with[i].Hcpcs, pcf.Codes);
            Assert.Equal((39.88m, 0m), (with[i].TherapyReductionNonInstitutional, with[i].TherapyReductionInstitutional));
            Assert.Equal(without[i], PaymentAmountFile.Format(with[i] with { TherapyReductionNonInstitutional = 0m }));
        }

        Assert.Equal(26, changed);
    }

    [Fact]
    public void The_fee_is_written_in_every_locality_it_lists_and_nowhere_else()
    {
        // CMS's 2025 release A files of Alabama, Alaska, West Virginia and Minnesota: one line each.
        var pcf = Pcf2025A();
        foreach (var line in Lines("PF25A.pcf-four-states.excerpt.txt"))
        {
            var (locality, code, modifier) = KeyOf(line);
            var row = Assert.Single(PaymentAmountFile.Rows(TestData.Rvu25A, locality, pcf), r => r.Hcpcs == code && r.Modifier == modifier);
            Assert.Equal(line, PaymentAmountFile.Format(row));
        }

        var unlisted = LocalityKey.Parse("01182/17");
        Assert.False(pcf.TryGetAmount(unlisted, out _));
        Assert.Equal(
            PaymentAmountFile.Rows(TestData.Rvu25A, unlisted).Select(r => PaymentAmountFile.Format(r)),
            PaymentAmountFile.Rows(TestData.Rvu25A, unlisted, pcf).Select(r => PaymentAmountFile.Format(r)));
    }

    [Theory]
    [InlineData("code,9921", 1, 2, "HCPCS code")]
    [InlineData("amount,14512,50,39.885", 1, 4, "at most two decimals")]
    [InlineData("amount,145123,50,39.88", 1, 2, "carrier of up to 5 digits")]
    [InlineData("# note\nprice,99213", 2, 1, "'code,HCPCS'")]
    [InlineData("amount,14512,50,39.88\namount,14512,50,40.00", 2, 2, "each locality once")]
    public void A_malformed_flat_visit_fee_file_names_the_line_field_and_expectation(string text, long line, int column, string expected)
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => PcfFlatVisitFee.Load(new StringReader(text), "pcf.txt"));
        Assert.Equal(("pcf.txt", line, column), (ex.FileName, ex.LineNumber, ex.Column));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_or_fractional_cent_amounts_are_refused()
    {
        var key = LocalityKey.Parse("14512/50");
        Assert.Throws<ArgumentException>(() => new PcfFlatVisitFee([HcpcsCode.Parse("99213")], [new(key, -1m)]));
        Assert.Throws<ArgumentException>(() => new PcfFlatVisitFee([HcpcsCode.Parse("99213")], [new(key, 39.881m)]));
    }
}
