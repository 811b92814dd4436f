// Registers the aws-sdk-client-mock matchers (toHaveReceivedCommandWith …) for every test file.
import 'aws-sdk-client-mock-vitest/extend';
