#pragma warning disable RS0030
System.Console.WriteLine("x");
