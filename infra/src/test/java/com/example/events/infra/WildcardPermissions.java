package com.example.events.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds every policy statement anywhere in a template (identity policies, inline role
 * policies, queue, topic, key and secret resource policies alike: any object with a
 * "Statement") and reports Allow statements that give SNS, SQS or Secrets Manager
 * permissions through a wildcard.
 *
 * <p>
 * Out of scope on purpose: other services (ecr:GetAuthorizationToken has no resource but
 * "*"; a KMS key policy's Resource is always "*", meaning the key itself), and Deny
 * statements, which only take permissions away (the TLS-only policies deny sqs:* to
 * everyone over HTTP).
 */
final class WildcardPermissions {

    static final Set<String> GUARDED_SERVICES = Set.of("sns", "sqs", "secretsmanager");

    record Finding(String location, String problem, Map<String, Object> statement) {
        @Override
        public String toString() {
            return location + ": " + problem + " in " + statement;
        }
    }

    /** What was looked at, so a test can prove the walk was not vacuous. */
    record Result(List<Finding> findings, List<Map<String, Object>> statements) {
    }

    private WildcardPermissions() {
    }

    static Result scan(String templateName, Map<String, Object> template) {
        List<Finding> findings = new ArrayList<>();
        List<Map<String, Object>> statements = new ArrayList<>();
        walk(templateName, template, findings, statements);
        return new Result(findings, statements);
    }

    private static void walk(String location, Object node, List<Finding> findings,
            List<Map<String, Object>> statements) {
        if (node instanceof Map<?, ?> map) {
            Object statement = map.get("Statement");
            if (statement != null) {
                for (Object s : TemplateJson.list(statement)) {
                    Map<String, Object> st = TemplateJson.map(s);
                    statements.add(st);
                    check(location, st, findings);
                }
            }
            map.forEach((key, value) -> walk(location + "/" + key, value, findings, statements));
        }
        else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(location + "[" + i + "]", list.get(i), findings, statements);
            }
        }
    }

    private static void check(String location, Map<String, Object> statement, List<Finding> findings) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        if (statement.containsKey("NotAction")) {
            // an Allow with NotAction grants every action not listed, SNS/SQS/Secrets
            // included
            findings.add(new Finding(location, "Allow with NotAction", statement));
            return;
        }
        List<String> guarded = new ArrayList<>();
        for (String action : TemplateJson.strings(statement.get("Action"))) {
            if (isGuarded(action)) {
                guarded.add(action);
                if (isWildcard(action)) {
                    findings.add(new Finding(location, "wildcard action " + action, statement));
                }
            }
        }
        if (guarded.isEmpty()) {
            return;
        }
        if (statement.containsKey("NotResource")) {
            findings.add(new Finding(location, "NotResource for " + guarded, statement));
        }
        for (Object resource : TemplateJson.list(statement.get("Resource"))) {
            if (literalsOf(resource).stream().anyMatch(WildcardPermissions::isWildcard)) {
                findings.add(new Finding(location, "wildcard resource " + resource + " for " + guarded, statement));
            }
        }
        if (isAnyone(statement.get("Principal"))) {
            findings.add(new Finding(location, "any principal for " + guarded, statement));
        }
    }

    /**
     * An action of a guarded service, or one whose service part is a pattern matching
     * one.
     */
    static boolean isGuarded(String action) {
        String service = action.contains(":") ? action.substring(0, action.indexOf(':')) : action;
        Pattern pattern = Pattern.compile(globToRegex(service.toLowerCase(Locale.ROOT)));
        return GUARDED_SERVICES.stream().anyMatch(s -> pattern.matcher(s).matches());
    }

    static boolean isWildcard(String value) {
        return value.contains("*") || value.contains("?");
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** The literal strings of a resource: a plain ARN, or the fixed parts of a Join. */
    private static List<String> literalsOf(Object resource) {
        List<String> literals = new ArrayList<>();
        collectLiterals(resource, literals);
        return literals;
    }

    private static void collectLiterals(Object node, List<String> literals) {
        if (node instanceof String s) {
            literals.add(s);
        }
        else if (node instanceof Map<?, ?> map) {
            // Ref / GetAtt / ImportValue name resources, they are not patterns
            map.forEach((key, value) -> {
                if (!Set.of("Ref", "Fn::GetAtt", "Fn::ImportValue").contains(String.valueOf(key))) {
                    collectLiterals(value, literals);
                }
            });
        }
        else if (node instanceof List<?> list) {
            list.forEach(item -> collectLiterals(item, literals));
        }
    }

    private static boolean isAnyone(Object principal) {
        if (principal == null) {
            return false;
        }
        if ("*".equals(principal)) {
            return true;
        }
        if (principal instanceof Map<?, ?> map) {
            return TemplateJson.list(map.get("AWS")).stream().anyMatch("*"::equals);
        }
        return false;
    }

}
