namespace DeployCode.McpBashGod.Templates;

/// <summary>The catalogue of vetted command templates, by category.</summary>
internal static class CommandTemplates
{
    private static readonly TemplateParameter s_path = new("path", "A file or folder in the working folder", ".");

    public static IReadOnlyList<CommandTemplate> All { get; } =
    [
        new("disk_usage", "files", "Size of a folder and what is in it", "du -sh {path}", [s_path]),
        new("list_files", "files", "Files of a folder with sizes and dates", "ls -la {path}", [s_path]),
        new("find_by_name", "files", "Files whose name matches a pattern", "find {path} -name '{pattern}'", [s_path, new("pattern", "A glob such as *.log", "*")]),
        new("count_lines", "files", "Lines of every file matching a pattern", "find {path} -type f -name '{pattern}' -exec wc -l {} +", [s_path, new("pattern", "A glob such as *.cs", "*")]),
        new("largest_files", "files", "The biggest files under a folder", "du -a {path} | sort -rn | head -n {count}", [s_path, new("count", "How many", "10")]),
        new("search_text", "text", "Lines containing a text, with file and line number", "grep -rn '{text}' {path}", [new("text", "The text to find", null), s_path]),
        new("count_matches", "text", "How many lines contain a text", "grep -c '{text}' {file}", [new("text", "The text to count", null), new("file", "The file", null)]),
        new("head", "text", "The first lines of a file", "head -n {count} {file}", [new("file", "The file", null), new("count", "How many lines", "20")]),
        new("tail", "text", "The last lines of a file", "tail -n {count} {file}", [new("file", "The file", null), new("count", "How many lines", "20")]),
        new("unique_values", "text", "Distinct values of a column of a CSV file, counted", "cut -d, -f{column} {file} | sort | uniq -c | sort -rn", [new("file", "The CSV file", null), new("column", "Column number", "1")]),
        new("checksum", "files", "SHA-256 of a file", "sha256sum {file}", [new("file", "The file", null)]),
        new("archive", "files", "A gzip tarball of a folder", "tar czf {archive} {path}", [new("archive", "The archive to write", "archive.tgz"), s_path]),
        new("git_status", "git", "Working tree status", "git status --short", []),
        new("git_log", "git", "Recent commits", "git log --oneline -n {count}", [new("count", "How many", "10")]),
        new("system_info", "system", "Kernel, machine and uptime", "uname -a && uptime", []),
        new("memory", "system", "Memory in use and free", "free -m", []),
        new("disk_space", "system", "Free space of mounted file systems", "df -h", []),
        new("processes", "system", "Processes by CPU use", "ps aux --sort=-%cpu | head -n {count}", [new("count", "How many", "15")]),
    ];

    public static IEnumerable<CommandTemplate> Search(string query) => All.Where(template =>
        template.Name.Contains(query, StringComparison.OrdinalIgnoreCase) ||
        template.Description.Contains(query, StringComparison.OrdinalIgnoreCase) ||
        template.Category.Contains(query, StringComparison.OrdinalIgnoreCase) ||
        template.Command.Contains(query, StringComparison.OrdinalIgnoreCase));
}
