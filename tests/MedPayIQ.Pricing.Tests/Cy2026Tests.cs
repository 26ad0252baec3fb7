using System.Globalization;
using System.Text;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// The 2026 releases packaged (RVU26A with both schedules, RVU26B, RVU26C), the drift in CMS's 2026 files the loaders
/// take (ANES with two CFs, GPCI with 8 columns, the QPP RVU file, RVU26B's LF text file with a non-ASCII byte), and the
/// qualifying APM participant (QP) schedule.
/// </summary>
public class Cy2026Tests
{
    private static FeeScheduleRelease Rvu26A => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A"));

    private static FeeScheduleRelease Rvu26B => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26B"));

    private static FeeScheduleFile File(FeeScheduleFileKind kind, string entry)
        => FeeScheduleFile.FromBytes(kind, entry[(entry.LastIndexOf('/') + 1)..], TestData.Packaged(entry));

    private static FeeScheduleFile Text(FeeScheduleFileKind kind, string name, string content)
        => FeeScheduleFile.FromBytes(kind, name, Encoding.ASCII.GetBytes(content));

    /// <summary>A one-row RVU file, for loading a locality file beside it.</summary>
    private static FeeScheduleFile OneRowRvu()
    {
        var bytes = TestData.Packaged("RVU26A/PPRRVU2026_Jan_nonQPP.csv");
        var lines = Encoding.Latin1.GetString(bytes).Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("HCPCS,MOD,", StringComparison.Ordinal));
        var text = string.Join('\n', lines.Take(header + 1).Append(lines.First(l => l.StartsWith("99213,", StringComparison.Ordinal))).Append(string.Empty));
        return FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jan_nonQPP.csv", Encoding.Latin1.GetBytes(text));
    }

    [Fact]
    public void ANES2026_header_with_two_national_CFs_and_two_CFs_per_locality_is_read_by_its_headers()
    {
        var release = FeeScheduleLoader.Load([OneRowRvu(), File(FeeScheduleFileKind.Anesthesia, "2026/ANES2026.csv")]);
        var anes = release.Anesthesia;
        Assert.Equal(20.49754m, anes.National);
        Assert.Equal(20.599835m, anes.NationalQualifying);
        Assert.Equal("20.599835", anes.NationalQualifying!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.True(anes.HasQualifyingFactors);
        Assert.Equal(109, anes.Count);

        // "10112 ,00 ,ALABAMA,19.63,19.53": QP first, then non-QP.
        Assert.True(anes.TryGet(LocalityKey.Parse("10112/00"), out var nonQp));
        Assert.Equal(19.53m, nonQp);
        Assert.True(anes.TryGet(LocalityKey.Parse("10112/00"), ApmStatus.QualifyingParticipant, out var qp));
        Assert.Equal(19.63m, qp);
        Assert.True(anes.TryGet(LocalityKey.Parse("02102/01"), ApmStatus.NotQualifying, out var alaska));
        Assert.Equal(28.15m, alaska);
        Assert.Equal("ALASKA", anes.Rows.Single(r => r.Key == LocalityKey.Parse("02102/01")).Name);
        Assert.All(anes.Rows, r => Assert.True(r.QualifyingConversionFactor > r.ConversionFactor));
    }

    [Fact]
    public void The_2026_national_anesthesia_factors_are_the_ANES2026_header_s_to_the_last_digit()
    {
        Assert.True(ConversionFactorSchedule.Medicare.TryGet(new DateOnly(2026, 1, 1), out var cf));
        Assert.Equal(Rvu26A.Anesthesia.National, cf.AnesthesiaFor(ApmStatus.NotQualifying));
        Assert.Equal(Rvu26A.Anesthesia.NationalQualifying, cf.AnesthesiaFor(ApmStatus.QualifyingParticipant));

        // 100 units nationally: 2,049.754 is 2,049.75; the factor rounded to four decimals (20.4976) would pay 2,049.76.
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var line = new ClaimLine(new DateOnly(2026, 2, 2), HcpcsCode.Parse("00100"), ModifierSet.Parse("AA")) { AnesthesiaBaseUnits = 40, AnesthesiaMinutes = 900 };
        Assert.Equal(2049.75m, calculator.Price(new Claim([line])).AllowedAmount);
        Assert.Equal(2059.98m, calculator.Price(new Claim([line]) { ApmStatus = ApmStatus.QualifyingParticipant }).AllowedAmount); // 2,059.9835
    }

    [Fact]
    public void ANES2025_with_one_CF_gives_it_for_both_statuses()
    {
        var anes = TestData.Rvu25D.Anesthesia;
        Assert.Equal(20.3178m, anes.National);
        Assert.Null(anes.NationalQualifying);
        Assert.False(anes.HasQualifyingFactors);
        Assert.All(anes.Rows, r => Assert.Null(r.QualifyingConversionFactor));
        Assert.True(anes.TryGet(anes.Rows[0].Key, ApmStatus.QualifyingParticipant, out var cf));
        Assert.Equal(anes.Rows[0].ConversionFactor, cf);
    }

    [Theory]
    [InlineData("Contractor,Locality,Locality Name,Qualifying APM National Anes CF of 20.599835,Qualifying APM National Anes CF of 20.5\r\n10112 ,00 ,ALABAMA,19.63,19.53\r\n", "column 5", "expected one qualifying APM national anesthesia CF; the header names two")]
    [InlineData("Contractor,Locality,Locality Name,Qualifying APM National Anes CF of 20.599835\r\n10112 ,00 ,ALABAMA,19.63\r\n", "line 1", "expected the header to name the (non-qualifying APM) National Anes CF")]
    [InlineData("Contractor,Locality,Locality Name,Qualifying APM National Anes CF of 20.599835,Non-Qualifying APM National Anes CF of 20.49754\r\n10112 ,00 ,ALABAMA,19.63\r\n", "line 2", "expected 5 fields of a ANES row, found 4")]
    [InlineData("Contractor,Locality,Locality Name,Qualifying APM National Anes CF of 20.599835,Non-Qualifying APM National Anes CF of 20.49754\r\n10112 ,00 ,ALABAMA,19.63,x\r\n", "column 5 (Non-Qualifying APM Anes CF)", "expected a non-negative decimal number with at most 4 decimals")]
    public void Malformed_two_CF_ANES_files_get_precise_errors(string content, string where, string expected)
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load([OneRowRvu(), Text(FeeScheduleFileKind.Anesthesia, "ANES2026.csv", content)]));
        Assert.Contains("ANES2026.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RVU26A_GPCI_file_with_8_columns_reads_both_PW_GPCIs_and_prices_with_the_floored_one()
    {
        var localities = Rvu26A.Localities;
        Assert.Equal(109, localities.Count);
        Assert.Equal(2026, localities.Year);
        Assert.True(localities.TryGet(LocalityKey.Parse("10112/00"), out var alabama)); // 10112,AL,00,ALABAMA,0.988,1.000,0.875,0.566
        Assert.Equal(1.000m, alabama.WorkGpci);
        Assert.Equal(0.988m, alabama.WorkGpciWithoutFloor);
        Assert.Equal(0.875m, alabama.PracticeExpenseGpci);
        Assert.Equal(0.566m, alabama.MalpracticeGpci);
        Assert.Equal(47, localities.Rows.Count(l => l.WorkGpciWithoutFloor != l.WorkGpci));

        // RVU26C's copy (Addendum E, 7 columns) prints the floored PW GPCI only: the same values, no unfloored one.
        var c = TestData.Rvu26C.Localities;
        Assert.All(c.Rows, l => Assert.Null(l.WorkGpciWithoutFloor));
        Assert.All(localities.Rows, l =>
        {
            Assert.True(c.TryGet(l.Key, out var same));
            Assert.Equal((same.WorkGpci, same.PracticeExpenseGpci, same.MalpracticeGpci), (l.WorkGpci, l.PracticeExpenseGpci, l.MalpracticeGpci));
        });
    }

    [Theory]
    [InlineData("Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,2026 PW GPCI (without 1.0 Floor),2026 PE GPCI,2026 MP GPCI\n10112,AL,00,ALABAMA,0.988,0.875,0.566\n", "line 1", "it names the PW GPCI without the floor only")]
    [InlineData("Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,2026 PW GPCI (without 1.0 Floor),2026 PW GPCI (with 1.0 Floor),2026 PE GPCI,2026 MP GPCI\n10112,AL,00,ALABAMA,0.988,1.000,0.875\n", "line 2", "expected 8 fields of a GPCI row, found 7")]
    [InlineData("Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,2026 PW GPCI (without 1.0 Floor),2026 PW GPCI (with 1.0 Floor),2026 PE GPCI,2026 MP GPCI\n10112,AL,00,ALABAMA,0.98x,1.000,0.875,0.566\n", "column 5 (PW GPCI (without 1.0 Floor))", "expected a non-negative decimal number with at most 3 decimals")]
    public void Malformed_8_column_GPCI_files_get_precise_errors(string content, string where, string expected)
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load([OneRowRvu(), Text(FeeScheduleFileKind.Gpci, "GPCI2026.csv", content)]));
        Assert.Contains("GPCI2026.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Packaged_RVU26A_has_every_row_of_both_files()
    {
        var a = Rvu26A;
        Assert.Equal(19_226, a.Rvus.Count);
        Assert.Equal(33.4009m, a.ConversionFactor);
        Assert.False(a.IsQualifyingApmParticipantFile);
        Assert.Equal(9_387, a.Rvus.Rows.Count(e => e.Status == StatusCode.Active));
        Assert.All(a.Rvus.Rows, e => Assert.Equal((byte)9, e.PricingIndicator));

        var qp = a.QualifyingVariant!;
        Assert.NotNull(qp);
        Assert.Equal(a.Id, qp.Id);
        Assert.True(qp.IsQualifyingApmParticipantFile);
        Assert.Equal(33.5675m, qp.ConversionFactor);
        Assert.Equal("PPRRVU2026_Jan_QPP.csv", qp.Provenance.Files[0].Name);
        Assert.Equal(qp.Provenance.Files[0].Sha256, qp.RvuFileSha256);

        // The QPP file's 11,811 rows (only payable statuses: A 9,387, C 1,334, R 1,082, T 8), the others from the non-QP file.
        var fromQpp = qp.Rvus.Rows.Where(e => e.PricingIndicator == 1).ToList();
        Assert.Equal(11_811, fromQpp.Count);
        var byStatus = fromQpp.GroupBy(e => e.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, byStatus.Count);
        Assert.Equal((9_387, 1_334, 1_082, 8), (byStatus[StatusCode.Active], byStatus[StatusCode.CarrierPriced], byStatus[StatusCode.RestrictedCoverage], byStatus[StatusCode.Injection]));
        Assert.Equal(19_226, qp.Rvus.Count);
        Assert.All(fromQpp, e => Assert.Equal(33.5675m, e.ConversionFactor));

        // Every shared row agrees on every RVU and indicator; only PRIC IND, the CF and the OPPS RVUs differ.
        int oppsDiffers = 0;
        foreach (var e in fromQpp)
        {
            Assert.True(a.Rvus.TryGet(e.Hcpcs, e.Modifier, out var n));
            Assert.Equal((n.WorkRvu, n.NonFacilityPracticeExpenseRvu, n.FacilityPracticeExpenseRvu, n.MalpracticeRvu, n.Status, n.PcTc, n.GlobalPeriod, n.MultipleProcedure, n.HasOppsRvus),
                (e.WorkRvu, e.NonFacilityPracticeExpenseRvu, e.FacilityPracticeExpenseRvu, e.MalpracticeRvu, e.Status, e.PcTc, e.GlobalPeriod, e.MultipleProcedure, e.HasOppsRvus));
            if ((n.OppsNonFacilityPracticeExpenseRvu, n.OppsFacilityPracticeExpenseRvu, n.OppsMalpracticeRvu) != (e.OppsNonFacilityPracticeExpenseRvu, e.OppsFacilityPracticeExpenseRvu, e.OppsMalpracticeRvu))
            {
                oppsDiffers++;
            }
        }

        Assert.True(oppsDiffers > 0);
        Assert.Contains(a.Provenance.Notes, n => n.Contains("PPRRVU2026_Jan_QPP.csv is loaded as the release's qualifying APM participant schedule", StringComparison.Ordinal));
        Assert.Contains(a.Provenance.Notes, n => n.Contains("CPT and CDT descriptors blanked", StringComparison.Ordinal));
        Assert.All(a.Rvus.Rows.Where(e => !e.Hcpcs.IsLevelII || e.Hcpcs.IsDental), e => Assert.Null(a.Rvus.GetDescription(e)));
        Assert.All(qp.Rvus.Rows.Where(e => !e.Hcpcs.IsLevelII || e.Hcpcs.IsDental), e => Assert.Null(qp.Rvus.GetDescription(e)));
        Assert.True(qp.Rvus.TryGet("G0121", "", out var g));
        Assert.Equal("Colon ca scrn not hi rsk ind", qp.Rvus.GetDescription(g));
    }

    [Fact]
    public void Packaged_RVU26B_is_its_LF_fixed_width_file_with_the_year_s_files_standing_in()
    {
        var b = Rvu26B;
        Assert.Equal(19_277, b.Rvus.Count);
        Assert.Equal(33.4009m, b.ConversionFactor);
        Assert.Equal(new DateOnly(2026, 4, 1), b.EffectiveFrom);
        Assert.Null(b.QualifyingVariant);
        Assert.Equal(109, b.Localities.Count);
        Assert.Equal(20.599835m, b.Anesthesia.NationalQualifying);
        Assert.True(b.OppsCaps.Count > 15_000);
        Assert.True(b.Counties.Count > 100);
        Assert.Equal(
            ["PPRRVU2026_Apr_nonQPP.txt", "GPCI2026.csv", "26LOCCO.csv", "ANES2026.csv", "OPPSCAP_Jan.csv", "ZIP5_OCT2025.txt"],
            b.Provenance.Files.Select(f => f.Name));
        Assert.Contains(b.Provenance.Notes, n => n.Contains("OPPSCAP_Jan.csv (January 2026 caps) stand in", StringComparison.Ordinal));

        // The one non-ASCII byte (0xA0, a Windows-1252 no-break space) is read as such, and moves no column.
        Assert.True(b.Rvus.TryGet("A2044", "", out var biobrane));
        Assert.Equal("Biobrane\u00A0glove, each", b.Rvus.GetDescription(biobrane));
        Assert.Equal(StatusCode.CarrierPriced, biobrane.Status);
        Assert.Equal(33.4009m, biobrane.ConversionFactor);
        Assert.Equal(GlobalPeriod.NotApplicable, biobrane.GlobalPeriod);
    }

    [Fact]
    public void RVU26B_text_file_reads_the_same_with_LF_or_CRLF_line_ends()
    {
        var lf = TestData.Packaged("RVU26B/PPRRVU2026_Apr_nonQPP.txt");
        Assert.DoesNotContain((byte)'\r', lf);
        var crlf = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(lf).Replace("\n", "\r\n", StringComparison.Ordinal));
        var a = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2026_Apr_nonQPP.txt", lf)]);
        var b = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2026_Apr_nonQPP.txt", crlf)]);
        Assert.Equal(ReleaseId.Parse("RVU26B"), a.Id);
        Assert.Equal(a.Rvus.Rows, b.Rvus.Rows);
    }

    [Fact]
    public void E_M_visit_on_2026_03_02_is_priced_from_RVU26A_with_High_confidence()
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var price = calculator.Price(new ServiceRequest(HcpcsCode.Parse("99213"), Modifier.None, new DateOnly(2026, 3, 2), PricingLocation.National, PricingSetting.NonFacility));
        Assert.Equal(PriceOutcome.Priced, price.Outcome);
        Assert.Equal("RVU26A", price.Release!.Id.ToString());
        Assert.Equal(PriceConfidence.High, price.Confidence);
        Assert.Equal(FeeFormula.Round(2.85m * 33.4009m), price.FeeScheduleAmount); // (1.30 + 1.46 + 0.09) x 33.4009 = 95.19
        Assert.Equal(95.19m, price.FeeScheduleAmount);
        Assert.Empty(price.Warnings);
    }

    [Fact]
    public void A_qualifying_APM_participant_is_priced_from_the_QPP_file_where_it_is_loaded_and_told_where_it_is_not()
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        ServicePrice Price(string code, DateOnly date) => calculator.Price(new ServiceRequest(HcpcsCode.Parse(code), Modifier.None, date, PricingLocation.National,
            PricingSetting.NonFacility, ApmStatus: ApmStatus.QualifyingParticipant));

        var jan = Price("99213", new DateOnly(2026, 3, 2));
        Assert.Equal(95.67m, jan.FeeScheduleAmount); // 2.85 x 33.5675
        Assert.Equal(33.5675m, jan.ConversionFactor);
        Assert.True(jan.Release!.IsQualifyingApmParticipantFile);
        Assert.Equal(PriceConfidence.High, jan.Confidence);
        Assert.Empty(jan.Warnings);
        Assert.Contains(jan.Steps, s => s.Source.Contains(jan.Release.RvuFileSha256, StringComparison.Ordinal));

        var apr = Price("99213", new DateOnly(2026, 4, 1));
        Assert.Equal("RVU26B", apr.Release!.Id.ToString());
        Assert.Equal(33.5675m, apr.ConversionFactor);
        Assert.Contains(apr.Warnings, w => w.Contains("RVU26B's QPP RVU file (the qualifying APM participant schedule) is not loaded", StringComparison.Ordinal));

        // A code whose status the QPP file leaves out keeps its non-QP row (not payable either way).
        Assert.True(Rvu26A.Rvus.TryGet("99211", "", out _));
        var bundled = Rvu26A.Rvus.Rows.First(e => e.Status == StatusCode.Bundled);
        var b = calculator.Price(new ServiceRequest(bundled.Hcpcs, bundled.Modifier, new DateOnly(2026, 2, 2), PricingLocation.National, PricingSetting.NonFacility, ApmStatus: ApmStatus.QualifyingParticipant));
        Assert.Equal(PriceOutcome.Bundled, b.Outcome);
    }

    [Fact]
    public void Anesthesia_of_a_qualifying_participant_uses_the_locality_s_QP_factor()
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var line = new ClaimLine(new DateOnly(2026, 2, 2), HcpcsCode.Parse("00100"), ModifierSet.Parse("AA")) { AnesthesiaBaseUnits = 5, AnesthesiaMinutes = 60 };
        var location = PricingLocation.Of(LocalityKey.Parse("10112/00"));
        var qp = calculator.Price(new Claim([line]) { Location = location, ApmStatus = ApmStatus.QualifyingParticipant });
        var nonQp = calculator.Price(new Claim([line]) { Location = location });
        Assert.Equal(FeeFormula.Round(9m * 19.63m), qp.AllowedAmount);
        Assert.Equal(FeeFormula.Round(9m * 19.53m), nonQp.AllowedAmount);
    }

    [Fact]
    public void QP_payment_rows_equal_the_formula_with_CF_33_5675_and_the_QPP_file_s_own_amounts_for_every_row_of_a_locality()
    {
        var key = LocalityKey.Parse("01112/05");
        Assert.True(Rvu26A.Localities.TryGet(key, out var gpci));
        var schedule = Rvu26A.ForQualifyingApmParticipants();
        Assert.Same(Rvu26A.QualifyingVariant, schedule);
        var rows = PaymentAmountFile.Rows(schedule, key).ToList();

        // Independently of the loader: the QPP CSV's own RVUs and CF, parsed here.
        var qpp = Encoding.Latin1.GetString(TestData.Packaged("RVU26A/PPRRVU2026_Jan_QPP.csv")).Split('\n')
            .SkipWhile(l => !l.StartsWith("HCPCS,MOD,", StringComparison.Ordinal)).Skip(1)
            .Select(l => SplitCsv(l.TrimEnd('\r'))).Where(f => f.Length >= 32 && f[0].Length > 0) // the QPP CSV ends with rows of empty fields
            .ToDictionary(f => (f[0], f[1]));
        decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
        decimal Amount(decimal w, decimal pe, decimal mp, decimal cf)
            => Math.Round(((w * gpci.WorkGpci) + (pe * gpci.PracticeExpenseGpci) + (mp * gpci.MalpracticeGpci)) * cf, 2, MidpointRounding.AwayFromZero);

        var published = qpp.Values.Where(f => f[3] is "A" or "T" || (f[3] == "R" && (D(f[5]) + D(f[6]) + D(f[8]) + D(f[10])) != 0)).ToList();
        Assert.Equal(published.Count, rows.Count);
        Assert.True(rows.Count > 9_395);
        foreach (var row in rows)
        {
            var f = qpp[(row.Hcpcs.ToString(), row.Modifier.IsSome ? row.Modifier.ToString() : string.Empty)];
            decimal cf = D(f[25]);
            Assert.Equal(33.5675m, cf);
            Assert.Equal(Amount(D(f[5]), D(f[6]), D(f[10]), cf), row.NonFacilityAmount);
            Assert.Equal(Amount(D(f[5]), D(f[8]), D(f[10]), cf), row.FacilityAmount);
            bool opps = D(f[29]) + D(f[30]) + D(f[31]) != 0;
            Assert.Equal(opps, row.OppsCapApplies);
            Assert.Equal(opps ? Amount(D(f[5]), D(f[29]), D(f[31]), cf) : 0m, row.OppsNonFacilityAmount);
            Assert.Equal(opps ? Amount(D(f[5]), D(f[30]), D(f[31]), cf) : 0m, row.OppsFacilityAmount);
            bool therapy = f[18] == "5";
            decimal Therapy(decimal pe) => therapy ? Math.Round(((D(f[5]) * gpci.WorkGpci) + (pe * gpci.PracticeExpenseGpci / 2) + (D(f[10]) * gpci.MalpracticeGpci)) * cf, 2, MidpointRounding.AwayFromZero) : 0m;
            string M(decimal d) => d.ToString("0000000.00", CultureInfo.InvariantCulture);
            Assert.Equal(
                $"\"2026\",\"01112\",\"05\",\"{f[0]}\",\"{(f[1].Length == 0 ? "  " : f[1])}\",\"{M(row.NonFacilityAmount)}\",\"{M(row.FacilityAmount)}\",\" \",\"{f[13]}\",\"{f[3]}\",\"{f[18]}\",\"{M(Therapy(D(f[6])))}\",\"{M(Therapy(D(f[8])))}\",\"{(opps ? 1 : 9)}\",\"{M(row.OppsNonFacilityAmount)}\",\"{M(row.OppsFacilityAmount)}\"",
                PaymentAmountFile.Format(row));
        }

        // The same fee amounts as the non-qualifying RVUs with the QP CF, for every row of the locality.
        var computed = PaymentAmountFile.Rows(NonQpComputed(), key).ToDictionary(r => (r.Hcpcs, r.Modifier));
        foreach (var row in rows)
        {
            var c = computed[(row.Hcpcs, row.Modifier)];
            Assert.Equal((row.NonFacilityAmount, row.FacilityAmount, row.TherapyReductionNonInstitutional, row.TherapyReductionInstitutional), (c.NonFacilityAmount, c.FacilityAmount, c.TherapyReductionNonInstitutional, c.TherapyReductionInstitutional));
        }
    }

    /// <summary>A CSV line's fields, quotes honoured (a Level II descriptor may hold a comma).</summary>
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }

    /// <summary>RVU26A loaded without its QPP file, so its QP schedule is computed from the non-QP RVUs.</summary>
    private static FeeScheduleRelease NonQpComputed()
    {
        var release = FeeScheduleLoader.Load(
            [
                File(FeeScheduleFileKind.RvuCsv, "RVU26A/PPRRVU2026_Jan_nonQPP.csv"),
                File(FeeScheduleFileKind.Gpci, "2026/GPCI2026.csv"),
            ], new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU26A") });
        Assert.Null(release.QualifyingVariant);
        var qp = release.ForQualifyingApmParticipants();
        Assert.True(qp.IsComputedQualifyingSchedule);
        Assert.Equal(33.5675m, qp.ConversionFactor);
        Assert.Contains(qp.Provenance.Notes, n => n.Contains("computed from PPRRVU2026_Jan_nonQPP.csv with the qualifying conversion factor 33.5675", StringComparison.Ordinal));
        return qp;
    }

    [Fact]
    public void A_year_with_one_schedule_has_no_QP_schedule()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TestData.Rvu25D.ForQualifyingApmParticipants());
        Assert.Equal("RVU25D: CY2025 has one payment schedule; qualifying APM participants have their own conversion factor from 2026.", ex.Message);
    }
}
