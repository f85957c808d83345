<?php
/**
 * Router of PHP's built-in server for tests/real/mediawiki.py: records what every request that is not a GET, HEAD or
 * OPTIONS carried (its form fields, passwords and tokens redacted) to MW_WRITE_LOG, one JSON line each, so that the
 * test can say what a write that reached the wiki was (e.g. api.php action=options). Then lets the server handle the
 * request as it would without a router (static files, index.php/Title paths, every PHP entry point).
 */
$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
$log = getenv( 'MW_WRITE_LOG' );
if ( $log && !in_array( $method, [ 'GET', 'HEAD', 'OPTIONS' ], true ) ) {
	$fields = [];
	foreach ( $_POST as $name => $value ) {
		$secret = preg_match( '/pass|token/i', $name );
		$fields[$name] = $secret ? 'REDACTED' : ( is_string( $value ) ? substr( $value, 0, 300 ) : $value );
	}
	$body = $fields ? null : substr( (string)file_get_contents( 'php://input' ), 0, 300 );
	file_put_contents( $log, json_encode( [
		'time' => gmdate( 'Y-m-d\TH:i:s\Z' ),
		'method' => $method,
		'uri' => $_SERVER['REQUEST_URI'] ?? '',
		'fields' => $fields,
		'body' => $body,
		'referer' => $_SERVER['HTTP_REFERER'] ?? '',
		'user_agent' => $_SERVER['HTTP_USER_AGENT'] ?? '',
	] ) . "\n", FILE_APPEND | LOCK_EX );
}
return false;
