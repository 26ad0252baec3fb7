global using MedPayIQ.Pricing;
global using Xunit;
