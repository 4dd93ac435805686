namespace AshbyEmulator.Data;

/// <summary>Word lists the generators draw from. Fixed, so data is stable across versions of the emulator.</summary>
internal static class WordLists
{
    public static readonly Word[] FirstNames = Word.Of(
        "Adam", "Ada", "Aisha", "Alejandro", "Alice", "Amara", "Ananya", "Andrei", "Anna", "Arjun", "Ava", "Beatriz",
        "Benjamin", "Björn", "Camila", "Carlos", "Chen", "Chloe", "Daniel", "David", "Diego", "Elena", "Eli", "Emma",
        "Ethan", "Fatima", "Felix", "Freya", "Gabriel", "Grace", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ines",
        "Isabella", "Ivan", "Jack", "James", "Jin", "Jonas", "José", "Julia", "Kai", "Kavya", "Kenji", "Laura", "Leah",
        "Leo", "Liam", "Lucas", "Lucía", "Maya", "Mateo", "Mei", "Mia", "Mohammed", "Nadia", "Naomi", "Nikolai", "Noah",
        "Nora", "Oliver", "Olivia", "Omar", "Priya", "Rafael", "Ravi", "Rosa", "Ruth", "Sakura", "Samuel", "Sara",
        "Sebastian", "Sofia", "Søren", "Tariq", "Thomas", "Valentina", "Wei", "William", "Yara", "Yusuf", "Zoë", "Zara");

    public static readonly Word[] LastNames = Word.Of(
        "Abbott", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Becker", "Bennett", "Brooks", "Castillo", "Chen", "Cohen",
        "Costa", "Das", "Dubois", "Edwards", "Fischer", "Fernández", "García", "Gupta", "Hart", "Hansen", "Hernández",
        "Ito", "Iyer", "Jackson", "Jensen", "Johnson", "Kaur", "Kim", "Kowalski", "Kumar", "Larsen", "Lee", "Lopez",
        "Martin", "Meyer", "Müller", "Nakamura", "Nguyen", "Novak", "O'Brien", "Okafor", "Olsen", "Patel", "Pereira",
        "Petrov", "Quinn", "Rahman", "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Sousa", "Tanaka",
        "Taylor", "Thompson", "Van der Berg", "Wagner", "Walker", "Wang", "Weber", "Williams", "Wilson", "Wójcik",
        "Yamamoto", "Yilmaz", "Zhang");

    public static readonly byte[][] EmailDomains =
        ["example.com"u8.ToArray(), "example.org"u8.ToArray(), "example.net"u8.ToArray(), "mail.example"u8.ToArray()];

    public static readonly byte[] WorkDomain = "northwind-labs.example"u8.ToArray();

    public static readonly Word[] Companies = Word.Of(
        "Auction.com", "Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Wayne Enterprises",
        "Hooli", "Pied Piper", "Vandelay Industries", "Soylent", "Cyberdyne Systems", "Tyrell Corporation",
        "Massive Dynamic", "Aperture Science", "Monzo", "Shopify", "Stripe", "Datadog", "Atlassian", "Spotify",
        "Klarna", "Zalando", "Booking.com", "Adyen", "Canva", "Figma", "Notion", "Airtable", "GitLab", "HashiCorp",
        "Snowflake", "Twilio", "Okta", "Cloudflare", "Wise", "Revolut", "N26", "Grab", "Rakuten");

    public static readonly Word[] Schools = Word.Of(
        "Princeton University", "Stanford University", "MIT", "University of Waterloo", "ETH Zürich",
        "University of Cambridge", "Imperial College London", "TU München", "University of Toronto",
        "Georgia Institute of Technology", "UC Berkeley", "Carnegie Mellon University", "University of Michigan",
        "Universidad de Buenos Aires", "IIT Bombay", "National University of Singapore", "University of Tokyo",
        "KTH Royal Institute of Technology", "University of São Paulo", "McGill University", "EPFL",
        "University of Washington", "Delft University of Technology", "Seoul National University");

    public static readonly Word[] Positions = Word.Of(
        "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager", "Product Manager",
        "Senior Product Manager", "Product Designer", "UX Researcher", "Data Scientist", "Data Engineer",
        "Machine Learning Engineer", "Site Reliability Engineer", "Security Engineer", "Account Executive",
        "Sales Development Representative", "Customer Success Manager", "Marketing Manager", "Content Strategist",
        "Recruiter", "Technical Recruiter", "Financial Analyst", "Controller", "Legal Counsel", "Operations Manager",
        "Solutions Engineer", "Frontend Engineer", "Backend Engineer", "iOS Engineer", "Android Engineer",
        "Head of Growth", "VP Engineering", "Chief of Staff");

    public static readonly Word[] Timezones = Word.Of(
        "America/Los_Angeles", "America/New_York", "America/Chicago", "America/Denver", "America/Toronto",
        "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Amsterdam", "Europe/Stockholm",
        "Europe/Madrid", "Asia/Tokyo", "Asia/Singapore", "Asia/Kolkata", "Australia/Sydney", "Africa/Lagos");

    /// <summary>A city a candidate can live in or an office can be in.</summary>
    internal sealed record City(Word Name, Word Region, Word Country, Word Summary, string PostalCode, Word Timezone, Word Street);

    private static City C(string name, string region, string country, string postal, string tz, string street) =>
        new(new Word(name), new Word(region), new Word(country), new Word($"{country}, {region}, {name}"), postal, new Word(tz), new Word(street));

    /// <summary>Cities grouped by the region (location hierarchy) they belong to.</summary>
    public static readonly City[][] CitiesByRegion =
    [
        [
            C("San Francisco", "California", "United States", "94108", "America/Los_Angeles", "Geary St"),
            C("New York", "New York", "United States", "10013", "America/New_York", "Broadway"),
            C("Seattle", "Washington", "United States", "98101", "America/Los_Angeles", "Pike St"),
            C("Austin", "Texas", "United States", "78701", "America/Chicago", "Congress Ave"),
            C("Boston", "Massachusetts", "United States", "02110", "America/New_York", "Boylston St"),
            C("Chicago", "Illinois", "United States", "60601", "America/Chicago", "N Wacker Dr"),
            C("Denver", "Colorado", "United States", "80202", "America/Denver", "Larimer St"),
            C("Toronto", "Ontario", "Canada", "M5V 2T6", "America/Toronto", "King St W"),
        ],
        [
            C("London", "England", "United Kingdom", "EC2A 4NE", "Europe/London", "Shoreditch High St"),
            C("Berlin", "Berlin", "Germany", "10115", "Europe/Berlin", "Friedrichstraße"),
            C("Paris", "Île-de-France", "France", "75002", "Europe/Paris", "Rue de Rivoli"),
            C("Amsterdam", "North Holland", "Netherlands", "1017 CT", "Europe/Amsterdam", "Herengracht"),
            C("Stockholm", "Stockholm County", "Sweden", "111 57", "Europe/Stockholm", "Kungsgatan"),
            C("Madrid", "Community of Madrid", "Spain", "28013", "Europe/Madrid", "Gran Vía"),
            C("Dublin", "Leinster", "Ireland", "D02 X285", "Europe/London", "Grafton St"),
            C("Zürich", "Zürich", "Switzerland", "8001", "Europe/Berlin", "Bahnhofstrasse"),
        ],
        [
            C("Tokyo", "Tokyo", "Japan", "100-0005", "Asia/Tokyo", "Marunouchi"),
            C("Singapore", "Central Region", "Singapore", "018989", "Asia/Singapore", "Orchard Rd"),
            C("Bengaluru", "Karnataka", "India", "560001", "Asia/Kolkata", "MG Road"),
            C("Sydney", "New South Wales", "Australia", "2000", "Australia/Sydney", "George St"),
            C("Seoul", "Seoul", "South Korea", "04524", "Asia/Tokyo", "Teheran-ro"),
        ],
        [
            C("São Paulo", "São Paulo", "Brazil", "01310-100", "America/Sao_Paulo", "Avenida Paulista"),
            C("Mexico City", "CDMX", "Mexico", "06600", "America/Chicago", "Paseo de la Reforma"),
            C("Buenos Aires", "Buenos Aires", "Argentina", "C1001", "America/Sao_Paulo", "Avenida Corrientes"),
            C("Lagos", "Lagos", "Nigeria", "101233", "Africa/Lagos", "Broad St"),
        ],
    ];

    public static readonly City[] Cities = [.. CitiesByRegion.SelectMany(r => r)];

    public static readonly Word[] RegionNames = Word.Of("North America", "Europe", "Asia Pacific", "Latin America & Africa");

    /// <summary>Department catalog: name and parent position in this list (-1 = top level).</summary>
    public static readonly (Word Name, int Parent)[] Departments =
    [
        (new("Engineering"), -1), (new("Sales"), -1), (new("Product"), -1), (new("Design"), -1),
        (new("Platform"), 0), (new("Marketing"), -1), (new("Backend"), 0), (new("People"), -1),
        (new("Customer Success"), -1), (new("Account Executives"), 1), (new("Finance"), -1), (new("Frontend"), 0),
        (new("Legal"), -1), (new("Growth"), 5), (new("Operations"), -1), (new("Data Engineering"), 0),
        (new("Product Design"), 3), (new("Sales Development"), 1), (new("Infrastructure"), 0), (new("Recruiting"), 7),
        (new("Security"), 0), (new("Mobile"), 0), (new("Brand Design"), 3), (new("Content"), 5),
        (new("Solutions Engineering"), 1), (new("Support"), 8), (new("FP&A"), 10), (new("Machine Learning"), 0),
        (new("Product Management"), 2), (new("IT"), 14),
    ];

    /// <summary>Job titles by top-level department name (falls back to Engineering).</summary>
    public static readonly Dictionary<string, Word[]> RolesByDepartment = new(StringComparer.Ordinal)
    {
        ["Engineering"] = Word.Of("Backend Engineer", "Frontend Engineer", "Full Stack Engineer", "Site Reliability Engineer",
            "Data Engineer", "Machine Learning Engineer", "Security Engineer", "iOS Engineer", "Android Engineer",
            "Engineering Manager", "Platform Engineer", "QA Engineer"),
        ["Sales"] = Word.Of("Account Executive", "Sales Development Representative", "Solutions Engineer", "Sales Manager",
            "Enterprise Account Executive"),
        ["Product"] = Word.Of("Product Manager", "Technical Product Manager", "Product Analyst"),
        ["Design"] = Word.Of("Product Designer", "Brand Designer", "UX Researcher", "Design Manager"),
        ["Marketing"] = Word.Of("Growth Marketer", "Content Strategist", "Product Marketing Manager", "Demand Generation Manager"),
        ["People"] = Word.Of("Technical Recruiter", "People Partner", "Recruiting Coordinator"),
        ["Customer Success"] = Word.Of("Customer Success Manager", "Support Engineer", "Implementation Specialist"),
        ["Finance"] = Word.Of("Financial Analyst", "Controller", "Accountant"),
        ["Legal"] = Word.Of("Legal Counsel", "Paralegal"),
        ["Operations"] = Word.Of("Operations Manager", "IT Administrator", "Business Operations Analyst"),
    };

    public static readonly Word[] Seniority = Word.Of("", "Senior ", "Staff ", "Junior ", "Lead ", "Principal ", "", "Senior ");

    public static readonly Word[] SourceTypes = Word.Of("Inbound", "Sourced", "Referral", "Agency", "Event", "Other");

    /// <summary>The 25 sources: title and source type (-1 = none).</summary>
    public static readonly (Word Title, int Type)[] Sources =
    [
        (new("LinkedIn"), 1), (new("Applied"), 0), (new("Referral"), 2), (new("Indeed"), 0), (new("Company Website"), 0),
        (new("AngelList"), 0), (new("Hacker News"), 0), (new("GitHub"), 1), (new("Agency – TalentBridge"), 3),
        (new("University Career Fair"), 4), (new("Meetup"), 4), (new("Glassdoor"), 0), (new("Twitter"), 1),
        (new("Stack Overflow"), 0), (new("Conference"), 4), (new("Internal Transfer"), -1), (new("Rehire"), -1),
        (new("Gem"), 1), (new("LinkedIn Recruiter"), 1), (new("Greenhouse Import"), 5), (new("Wellfound"), 0),
        (new("Newsletter"), 5), (new("Podcast"), 5), (new("Employee Network"), 2), (new("Other"), -1),
    ];

    public static readonly (Word Text, int Type)[] ArchiveReasons =
    [
        (new("Too inexperienced"), 1), (new("Not a culture add"), 1), (new("Accepted another offer"), 0),
        (new("Compensation mismatch"), 0), (new("Position filled"), 1), (new("Withdrew application"), 0),
        (new("Failed technical assessment"), 1), (new("Unresponsive"), 2), (new("Location mismatch"), 1),
        (new("Duplicate candidate"), 2), (new("Role put on hold"), 2), (new("Overqualified"), 1),
    ];

    public static readonly Word[] ReasonTypes = Word.Of("RejectedByCandidate", "RejectedByOrg", "Other");

    public static readonly Word[] Tags = Word.Of(
        "Senior Candidate", "Boomerang", "Silver Medalist", "Diversity Sourcing", "Referral", "Hot Lead",
        "Needs Visa Sponsorship", "Open to Relocation", "Remote Only", "Former Intern", "Conference Lead",
        "Strong Portfolio", "OSS Contributor", "Competitor Alum", "Bootcamp Grad", "PhD", "Leadership Potential",
        "Do Not Contact", "Re-engage Q3", "Executive Search", "Campus 2025", "Campus 2026", "Hackathon Winner",
        "Speaker", "Published Author", "Military Veteran", "Returnship", "Internal Candidate", "Agency Submitted",
        "Priority", "Backend Pool", "Frontend Pool", "Design Pool", "Sales Pool", "ML Pool", "Security Clearance",
        "Part-time Only", "Contractor", "Bilingual", "Startup Experience");

    public static readonly Word[] InterviewTitles = Word.Of(
        "Recruiter Screen", "Technical Phone Interview", "System Design", "Coding Exercise", "Hiring Manager Chat",
        "Culture Add Interview", "Portfolio Review", "Take-Home Review", "Reference Check", "Onsite Debrief",
        "Executive Interview", "Sales Pitch Exercise", "Case Study", "Pair Programming", "Architecture Deep Dive",
        "Values Interview", "Product Sense", "Data Analysis Exercise", "Team Lunch", "Final Debrief");

    public static readonly Word[] InterviewStageTitles = Word.Of(
        "Lead", "Application Review", "Recruiter Screen", "Technical Screen", "Onsite", "Offer", "Hired", "Archived");

    public static readonly Word[] InterviewStageTypes = Word.Of(
        "Lead", "PreInterviewScreen", "Active", "Active", "Active", "Offer", "Hired", "Archived");

    public static readonly Word[] ProjectTitles = Word.Of(
        "Q3 Backend Pipeline", "Design Leadership Search", "Campus Recruiting 2026", "Boomerang Outreach",
        "Diversity Sourcing Sprint", "Silver Medalists Re-engage", "ML Talent Map", "EMEA Sales Expansion",
        "Integration launch", "Executive Search – CFO", "Security Hiring Blitz", "APAC Expansion",
        "Conference Leads – KubeCon", "Referral Drive", "Frontend Guild Pipeline");

    public static readonly Word[] UserAgents = Word.Of(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");

    public static readonly Word[] HiringRoles = Word.Of("Hiring Manager", "Recruiter", "Coordinator", "Sourcer", "Interviewer");

    public static readonly Word[] Sentences = Word.Of(
        "Strong systems background with production experience at scale.",
        "Led a team of five through a platform migration.",
        "Interested in developer tooling and internal platforms.",
        "Open to hybrid work; prefers two office days a week.",
        "Referred by a former colleague on the infrastructure team.",
        "Has shipped consumer mobile apps with millions of users.",
        "Looking for a role with more ownership over roadmap decisions.",
        "Relocating within the next six months.",
        "Background in fintech compliance and risk.",
        "Prefers asynchronous collaboration across time zones.");
}
