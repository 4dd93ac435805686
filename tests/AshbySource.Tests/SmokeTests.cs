namespace AshbySource.Tests;
public class SmokeTests { [Fact] public void Works() => true.Should().BeTrue(); }
