<?php
/**
 * Seeds the throw-away MediaWiki of tests/real/mediawiki.py (a MediaWiki maintenance script, run once after
 * install.php): two ordinary users, 20 articles with three revisions each by three people, talk pages, categories, a
 * template, user pages, a watchlist, a protected page, a deleted page and a block. Edits are spread over the last
 * ten days so that history, diff, recent-changes, watchlist and contributions pages carry rollback links
 * (action=rollback&token=…) and patrol links (action=markpatrolled): the administrator's UI full of GET actions
 * ent-audit must never follow.
 *
 * Usage: MW_CONFIG_FILE=…/LocalSettings.php php tests/real/seed.php   (MW_INSTALL_PATH defaults to Debian's)
 */

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;
use Wikimedia\Timestamp\ConvertibleTimestamp;

class SeedRealWiki extends Maintenance {
	/** @var int fake clock, seconds since the epoch: every write moves it on */
	private $clock;

	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Seed the ent-audit real-application test wiki' );
		$this->addOption( 'admin', 'Name of the administrator created by install.php', true, true );
	}

	private function tick( int $seconds ): void {
		$this->clock += $seconds;
		ConvertibleTimestamp::setFakeTime( $this->clock );
	}

	private function edit( User $user, string $name, string $text, string $summary ): void {
		$services = MediaWikiServices::getInstance();
		$title = Title::newFromText( $name );
		$page = $services->getWikiPageFactory()->newFromTitle( $title );
		$updater = $page->newPageUpdater( $user );
		$updater->setContent( SlotRecord::MAIN, ContentHandler::makeContent( $text, $title ) );
		$updater->saveRevision( CommentStoreComment::newUnsavedComment( $summary ) );
		if ( !$updater->getStatus()->isOK() ) {
			$this->fatalError( "edit of $name failed: " . $updater->getStatus()->getWikiText() );
		}
		DeferredUpdates::doUpdates();
		$this->tick( 7200 );
	}

	private function user( string $name ): User {
		$user = User::newFromName( $name );
		if ( !$user->isRegistered() ) {
			$user = User::createNew( $name, [ 'email' => '', 'real_name' => $name ] );
			if ( !$user ) {
				$this->fatalError( "cannot create user $name" );
			}
		}
		return $user;
	}

	public function execute() {
		$services = MediaWikiServices::getInstance();
		$this->clock = time() - 10 * 86400;
		ConvertibleTimestamp::setFakeTime( $this->clock );
		$admin = User::newFromName( $this->getOption( 'admin' ) );
		$alice = $this->user( 'Alice' );
		$bob = $this->user( 'Bob' );
		$vandal = $this->user( 'Vandal' );

		$topics = [
			'Timetable', 'Canteen menu', 'School trips', 'Library', 'Homework policy', 'Parents evening',
			'Science club', 'Sports day', 'Music department', 'Exam calendar', 'Student council', 'Bus routes',
			'Digital workspace', 'Accessibility', 'Lost and found', 'Health office', 'Art exhibition',
			'Chess club', 'Reading challenge', 'Open day',
		];
		$categories = [ 'Organisation', 'Clubs', 'Events', 'Services' ];

		$this->edit( $admin, 'Template:Notice',
			"<div style=\"border:1px solid #a2a9b1;padding:4px\">'''Notice:''' {{{1|This page is maintained by the office.}}}</div>",
			'notice template' );
		foreach ( $categories as $category ) {
			$this->edit( $admin, "Category:$category", "Pages about the school's $category.", 'category' );
		}

		$authors = [ $admin, $alice, $bob ];
		foreach ( $topics as $i => $topic ) {
			$category = $categories[$i % count( $categories )];
			$next = $topics[( $i + 1 ) % count( $topics )];
			$previous = $topics[( $i + count( $topics ) - 1 ) % count( $topics )];
			$body = "{{Notice}}\n'''$topic''' at the school.\n\n== Overview ==\nSee also [[$next]] and [[$previous]].\n\n"
				. "{| class=\"wikitable\"\n! Day !! Time\n|-\n| Monday || 08:00\n|-\n| Friday || 16:30\n|}\n\n"
				. "[[Category:$category]]";
			$this->edit( $admin, $topic, $body, "create $topic" );
			// then two other people edit it, so the latest revision is never the administrator's: rollback links
			$this->edit( $authors[1 + $i % 2], $topic, str_replace( '== Overview ==', "== Overview ==\nUpdated details for $topic.", $body ), 'details' );
			$this->edit( $authors[1 + ( $i + 1 ) % 2], $topic, $body . "\n\n== Contacts ==\nAsk at the office (room " . ( 100 + $i ) . ').', 'contacts' );
			if ( $i < 8 ) {
				$this->edit( $bob, "Talk:$topic", "== Question ==\nIs this still up to date? ~~~~", 'question' );
				$this->edit( $alice, "Talk:$topic", "== Question ==\nIs this still up to date? ~~~~\n:Yes, checked this week. ~~~~", 'answer' );
			}
		}
		$this->edit( $alice, 'User:Alice', "I am a teacher. My pages: [[Science club]], [[Library]].", 'user page' );
		$this->edit( $bob, 'User:Bob', "Parent representative.", 'user page' );
		$this->edit( $admin, 'User:' . $admin->getName(), "Site administrator.", 'user page' );
		$this->edit( $alice, 'User talk:Bob', "== Welcome ==\nWelcome to the wiki! ~~~~", 'welcome' );
		$this->edit( $admin, 'Main Page', "Welcome to the school wiki.\n\n" . implode( "\n", array_map(
			static function ( $t ) { return "* [[$t]]"; }, $topics ) ) . "\n\n[[Special:RecentChanges|Recent changes]]", 'portal' );
		$this->edit( $admin, 'Old announcement', 'This announcement is obsolete.', 'obsolete' );
		$this->edit( $vandal, 'Sandbox', 'Spam spam spam.', 'spam' );

		// The administrator watches every article: the watchlist page lists Alice's and Bob's changes
		$watchlist = $services->getWatchlistManager();
		foreach ( $topics as $topic ) {
			$watchlist->addWatchIgnoringRights( $admin, Title::newFromText( $topic ) );
		}
		$watchlist->addWatchIgnoringRights( $admin, Title::newFromText( 'Main Page' ) );
		$this->tick( 600 );
		// changed since the administrator's last visit: bold in the watchlist, "updated since my last visit" markers
		foreach ( [ 'Timetable', 'Library', 'Exam calendar' ] as $topic ) {
			$this->edit( $alice, $topic, "{{Notice|Changed this week.}}\n'''$topic''' has moved to the new building.\n\n[[Category:Organisation]]", 'moved' );
		}

		// Administrator actions with log entries: protect, delete, block
		$cascade = false;
		$status = $services->getWikiPageFactory()->newFromTitle( Title::newFromText( 'Main Page' ) )
			->doUpdateRestrictions( [ 'edit' => 'sysop', 'move' => 'sysop' ], [ 'edit' => 'infinity', 'move' => 'infinity' ],
				$cascade, 'high traffic', $admin );
		if ( !$status->isOK() ) {
			$this->fatalError( 'protect failed: ' . $status->getWikiText() );
		}
		$this->tick( 600 );
		$status = $services->getDeletePageFactory()
			->newDeletePage( $services->getWikiPageFactory()->newFromTitle( Title::newFromText( 'Old announcement' ) ), $admin )
			->deleteUnsafe( 'obsolete' );
		if ( !$status->isOK() ) {
			$this->fatalError( 'delete failed: ' . $status->getWikiText() );
		}
		$this->tick( 600 );
		$status = $services->getBlockUserFactory()->newBlockUser( $vandal, $admin, 'infinity', 'spam' )->placeBlockUnsafe();
		if ( !$status->isOK() ) {
			$this->fatalError( 'block failed: ' . $status->getWikiText() );
		}
		DeferredUpdates::doUpdates();
		ConvertibleTimestamp::setFakeTime( false );
		$this->output( "seeded\n" );
	}
}

$maintClass = SeedRealWiki::class;
require_once RUN_MAINTENANCE_IF_MAIN;
