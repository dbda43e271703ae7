namespace EcoValue.Data.Migrations;

/// <summary>One schema step. Versions are dense and ordered; a step's SQL never changes once released.</summary>
public sealed record Migration(int Version, string Name, string Sql);
